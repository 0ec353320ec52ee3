import { basename } from "node:path";
import { LoadError } from "./loaders/index.js";

/** Longest `chrome:` pattern accepted. */
export const MAX_PATTERN_CHARS = 500;

/**
 * Why a user regex may backtrack catastrophically, or undefined when it looks
 * safe: a repeated group that itself repeats ((a+)+, (\d*x?)*: star height ≥ 2),
 * a back-reference, or a very long pattern. A heuristic in the manner of
 * safe-regex; the parse worker's time limit bounds whatever slips through.
 */
export function unsafeReason(src: string): string | undefined {
  if (src.length > MAX_PATTERN_CHARS) return `过长（最多 ${MAX_PATTERN_CHARS} 个字符）`;
  if (/\\[1-9]|\\k</.test(src)) return "含反向引用，可能导致灾难性回溯";
  const stack: boolean[] = [false];
  let groupClosed = false;
  let groupRepeats = false;
  for (let i = 0; i < src.length; ) {
    const ch = src[i];
    if (ch === "\\") {
      i += 2;
      groupClosed = false;
      continue;
    }
    if (ch === "[") {
      i++;
      if (src[i] === "^") i++;
      if (src[i] === "]") i++;
      while (i < src.length && src[i] !== "]") i += src[i] === "\\" ? 2 : 1;
      i++;
      groupClosed = false;
      continue;
    }
    if (ch === "(") {
      stack.push(false);
      i++;
      if (src[i] === "?") {
        const m = /^\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)/.exec(src.slice(i));
        i += m ? m[0].length : 1;
      }
      groupClosed = false;
      continue;
    }
    if (ch === ")") {
      groupRepeats = stack.length > 1 ? stack.pop()! : false;
      stack[stack.length - 1] ||= groupRepeats;
      groupClosed = true;
      i++;
      continue;
    }
    const q = /^(?:[*+?]|\{(\d+)(,(\d*))?\})/.exec(src.slice(i));
    if (q) {
      const repeats = q[0] === "*" || q[0] === "+" || (q[1] !== undefined && (q[2] ? q[3] === "" || Number(q[3]) > 1 : Number(q[1]) > 1));
      if (repeats) {
        if (groupClosed && groupRepeats) return "含嵌套的重复（如 (a+)+），可能导致灾难性回溯";
        stack[stack.length - 1] = true;
      }
      i += q[0].length;
      if (src[i] === "?") i++;
      groupClosed = false;
      continue;
    }
    if (ch === "|" || ch === "^" || ch === "$" || ch === ".") {
      groupClosed = false;
      i++;
      continue;
    }
    groupClosed = false;
    i++;
  }
  return undefined;
}

/** A front-matter `chrome:` pattern checked and compiled ("gm"), or a LoadError naming the file, the pattern and why. */
export function compileChrome(file: string, src: string): RegExp {
  const shown = src.length > 60 ? `${src.slice(0, 60)}…` : src;
  const why = unsafeReason(src);
  if (why) throw new LoadError(file, `《${basename(file)}》的 chrome 正则表达式“${shown}”不安全：${why}`);
  try {
    return new RegExp(src, "gm");
  } catch (e) {
    throw new LoadError(file, `《${basename(file)}》的 chrome 正则表达式“${shown}”无效：${e instanceof Error ? e.message : String(e)}`);
  }
}
