/**
 * Whitespace normalisation shared by ingest, citations and the provenance
 * check. Published pages separate paragraphs with runs of spaces, tabs or
 * U+3000 as often as with newlines; the contract compares quotes after
 * whitespace normalisation, so every module must agree on one definition.
 */

const WS = /[\s\u3000\u00a0\ufeff]+/g;

/** Collapse a whitespace run: a paragraph break if it holds a newline or is long, else a single space. */
export function normalizeWhitespace(text: string): string {
  return text
    .replace(WS, (run) => (run.includes("\n") || run.length >= 2 ? "\n" : " "))
    .replace(/^\n+|\n+$/g, "")
    .replace(/^ +| +$/g, "");
}

/** Strip all whitespace: the form in which quotes are compared with their source. */
export const stripWhitespace = (text: string): string => text.replace(WS, "");

/** Whether `quote` occurs verbatim in `source`, ignoring whitespace only. */
export const containsVerbatim = (source: string, quote: string): boolean =>
  stripWhitespace(source).includes(stripWhitespace(quote));
