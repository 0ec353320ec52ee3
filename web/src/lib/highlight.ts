import { h, type Child } from "./dom.js";

/**
 * Clause text with the quoted sentence wrapped in <mark>. Quotes are verbatim
 * after whitespace normalisation, so matching ignores whitespace and maps the
 * hit back onto the original characters.
 */
export function highlightQuote(text: string, quote: string | undefined): Child[] {
  const range = quote ? findIgnoringSpace(text, quote) : null;
  if (!range) return [text];
  const [start, end] = range;
  return [text.slice(0, start), h("mark", null, text.slice(start, end)), text.slice(end)];
}

export function findIgnoringSpace(text: string, quote: string): [number, number] | null {
  const direct = text.indexOf(quote);
  if (direct >= 0) return [direct, direct + quote.length];
  const map: number[] = [];
  let squeezed = "";
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) continue;
    map.push(i);
    squeezed += text[i];
  }
  const q = quote.replace(/\s+/g, "");
  if (!q) return null;
  const at = squeezed.indexOf(q);
  if (at < 0) return null;
  return [map[at], map[at + q.length - 1] + 1];
}
