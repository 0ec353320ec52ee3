/** A stretch of a clause's text, with offsets into it (so quotes stay verbatim). */
export interface Span {
  start: number;
  end: number;
}

/** Sentences: split after 。；; and line breaks, without the break, empty ones dropped. */
export function sentences(text: string, from = 0, to = text.length): Span[] {
  const out: Span[] = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || /[。；;\n]/.test(text[i])) {
      let a = s;
      let b = i;
      while (a < b && /\s/.test(text[a])) a++;
      while (b > a && /\s/.test(text[b - 1])) b--;
      if (b > a) out.push({ start: a, end: b });
      s = i + 1;
    }
  }
  return out;
}

/** Comma parts of a sentence: 每一部分 is a phrase that can carry one figure. */
export function parts(text: string, span: Span): Span[] {
  const out: Span[] = [];
  let s = span.start;
  for (let i = span.start; i <= span.end; i++) {
    if (i === span.end || /[，,：:]/.test(text[i])) {
      if (i > s) out.push({ start: s, end: i });
      s = i + 1;
    }
  }
  return out;
}

/** The part that holds position `at`. */
export const partAt = (ps: readonly Span[], at: number): Span | undefined => ps.find((p) => p.start <= at && at < p.end);
