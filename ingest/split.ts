/**
 * Some files hold several policies, e.g. a search-result page listing
 * "  • 【苏州市级】苏州市企业知识产权登峰行动计划(2021~2023年)" followed by its body.
 * Each part keeps offsets into the file so quotes stay verbatim slices of it.
 */
export interface DocPart {
  start: number;
  end: number;
  /** Title given by the listing, if any. */
  title?: string;
  /** The listing's level tag ("苏州市级", "江苏省级", "国家级"). */
  tag?: string;
  /** Span of the listing's header line, to be blanked from the body. */
  header?: [number, number];
}

const LISTING_HEADER = /^[ \t]*[•·●][ \t]*【([^】\n]{1,20})】[ \t]*(\S[^\n]*?)[ \t]*$/gm;

export function splitDocuments(text: string): DocPart[] {
  const heads = [...text.matchAll(LISTING_HEADER)];
  if (heads.length === 0) return [{ start: 0, end: text.length }];
  return heads.map((m, i) => {
    const headerEnd = m.index! + m[0].length;
    const end = i + 1 < heads.length ? heads[i + 1].index! : text.length;
    return { start: m.index!, end, title: m[2], tag: m[1], header: [m.index!, headerEnd] as [number, number] };
  });
}
