import { createDeflateRaw } from "node:zlib";

/**
 * Hostile files made at test time (nothing large is checked in): a DOCX whose
 * document.xml inflates to `mb` megabytes, the same with a central directory
 * that lies about the size, markup nested thousands deep, a document with a
 * catastrophic `chrome:` pattern.
 */
/** A zip of (name, raw deflate data, declared uncompressed size) entries, written by hand (CRCs are not checked by readers here). */
function zipOf(entries: { name: string; data: Buffer; size: number; method: 0 | 8 }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.size, 22);
    lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.method, 10);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(e.size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, e.data);
    centrals.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * A DOCX whose word/document.xml inflates to `mb` MB of XML (the probe's was 915 KB → 300 MB),
 * deflated by zlib in a stream so the XML is never in memory. `lie`: the zip declares 4 KB.
 */
export async function docxBomb(mb = 300, opts: { lie?: boolean } = {}): Promise<Buffer> {
  const piece = Buffer.from(`<w:p><w:r><w:t>${"补贴".repeat(2000)}</w:t></w:r></w:p>`.repeat(64));
  const head = Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>');
  const tail = Buffer.from("</w:body></w:document>");
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on("data", (b: Buffer) => out.push(b));
  const done = new Promise((r) => z.on("end", r));
  let size = head.length + tail.length;
  z.write(head);
  for (; size < mb * 1024 * 1024; size += piece.length) if (!z.write(piece)) await new Promise((r) => z.once("drain", r));
  z.end(tail);
  await done;
  const types = Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  return zipOf([
    { name: "[Content_Types].xml", data: types, size: types.length, method: 0 },
    { name: "word/document.xml", data: Buffer.concat(out), size: opts.lie ? 4096 : size, method: 8 },
  ]);
}

export const nestedHtml = (depth = 5000): string =>
  `<!DOCTYPE html><html><head><meta charset="utf-8"><title>嵌套页面</title></head><body>${"<div>".repeat(depth)}第一条 嵌套${"</div>".repeat(depth)}</body></html>`;

export const badRegexDoc = (pattern: string): string => `---\nid: bad-regex\ntitle: 关于正则的通知\nchrome:\n  - ${JSON.stringify(pattern)}\n---\n关于正则的通知\n第一条 ${"a".repeat(40)}!\n`;

export const goodDoc = (id: string, title = "关于支持企业发展的若干措施"): string =>
  `---\nid: ${id}\n---\n${title}\n\n第一条 对新认定的高新技术企业，给予一次性奖励20万元。\n\n第二条 本措施自2025年1月1日起施行，有效期三年。\n`;
