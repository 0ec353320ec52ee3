import ts from "typescript";

/**
 * Code lines that name a word of the list, comments excluded. The TypeScript parser finds the
 * tokens, so a "//" inside a string or a regex is code and a Chinese word in a doc comment is not.
 */
export interface Hit {
  line: number;
  words: string[];
  text: string;
}

export function namingLines(source: string, words: readonly string[], fileName = "x.ts"): Hit[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const perLine = new Map<number, Set<string>>();
  const visit = (node: ts.Node): void => {
    let leaf = true;
    ts.forEachChild(node, (child) => {
      leaf = false;
      visit(child);
    });
    if (!leaf) return;
    // getStart() skips the comments before a token; a leaf's text is then pure code.
    const start = node.getStart(sf);
    const text = source.slice(start, node.getEnd());
    let at = start;
    for (const piece of text.split("\n")) {
      const found = words.filter((w) => piece.includes(w));
      if (found.length) {
        const line = sf.getLineAndCharacterOfPosition(at).line + 1;
        const set = perLine.get(line) ?? new Set<string>();
        for (const w of found) set.add(w);
        perLine.set(line, set);
      }
      at += piece.length + 1;
    }
  };
  visit(sf);
  const lines = source.split("\n");
  return [...perLine.entries()].sort((a, b) => a[0] - b[0]).map(([line, set]) => ({ line, words: [...set], text: lines[line - 1].trim() }));
}
