import { describe, expect, it } from "vitest";
import { extractFacts } from "../../server/nlu/extract.js";

describe("patent counts bind to the right fact even with particles in between", () => {
  it.each([
    ["有效发明专利55件，在国外申请了发明专利5件", { validInventionPatents: 55, foreignInventionApplications: 5 }],
    ["有效发明专利30件，国外获得授权了发明专利3件", { validInventionPatents: 30, foreignInventionGrants: 3 }],
    ["在国(境)外累计申请发明专利6件，拥有有效发明专利25件", { foreignInventionApplications: 6, validInventionPatents: 25 }],
    ["国外授权的发明专利2件，有效发明专利22件", { foreignInventionGrants: 2, validInventionPatents: 22 }],
  ])("%s", (text, expected) => {
    expect(extractFacts(text).facts).toMatchObject(expected);
  });
});
