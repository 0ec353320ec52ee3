import { describe, expect, it } from "vitest";
import { duplicateIdProblems } from "../../ingest/build.js";

describe("issue 21 F5: a repeated document id leaves out the later file, never the whole ingest", () => {
  it("names the later file and the earlier one, in Chinese; the first file of an id is kept", () => {
    const problems = duplicateIdProblems([
      { id: "a", sourceFile: "docs/a.txt" },
      { id: "b", sourceFile: "docs/b.txt" },
      { id: "a", sourceFile: "docs/sub/c.txt" },
      { id: "a", sourceFile: "docs/d.txt" },
    ]);
    expect(problems).toEqual([
      { file: "docs/sub/c.txt", message: "《c.txt》的文档编号“a”与《a.txt》（docs/a.txt）重复，未收录：请在头信息或 .meta.yaml 中另设 id" },
      { file: "docs/d.txt", message: "《d.txt》的文档编号“a”与《a.txt》（docs/a.txt）重复，未收录：请在头信息或 .meta.yaml 中另设 id" },
    ]);
  });

  it("a file whose own documents share an id is left out once, with its own reason", () => {
    const problems = duplicateIdProblems([
      { id: "x", sourceFile: "docs/list.html" },
      { id: "x", sourceFile: "docs/list.html" },
      { id: "x", sourceFile: "docs/list.html" },
    ]);
    expect(problems).toEqual([{ file: "docs/list.html", message: "《list.html》中有两份文件的文档编号都是“x”，未收录：请在头信息的 ids 中为每份文件另设编号" }]);
  });

  it("no repeated id, no problem", () => {
    expect(duplicateIdProblems([{ id: "a", sourceFile: "docs/a.txt" }, { id: "b", sourceFile: "docs/a.txt" }])).toEqual([]);
  });
});
