/** A stretch of a clause's text, with offsets into it (so quotes stay verbatim). */
export interface Span {
  start: number;
  end: number;
}

/**
 * A line break a table cell or a narrow PDF column put inside a quantity ("最高3000万\n元", "30\n%"):
 * the figure and its unit are one, so the break is not the end of a sentence.
 */
function breaksQuantity(text: string, at: number): boolean {
  let a = at - 1;
  while (a >= 0 && (text[a] === " " || text[a] === "\t" || text[a] === "\r")) a--;
  let b = at + 1;
  while (b < text.length && /\s/.test(text[b])) b++;
  const before = text[a] ?? "";
  const after = text[b] ?? "";
  return (/[0-9０-９.]/.test(before) && /[万亿千元%％‰]/.test(after)) || (/[万亿千]/.test(before) && /[0-9０-９]/.test(text[a - 1] ?? "") && after === "元");
}

/** Sentences: split after 。；; and line breaks, without the break, empty ones dropped. */
export function sentences(text: string, from = 0, to = text.length): Span[] {
  const out: Span[] = [];
  let s = from;
  for (let i = from; i <= to; i++) {
    if (i === to || (/[。；;\n]/.test(text[i]) && !(text[i] === "\n" && breaksQuantity(text, i)))) {
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
