/**
 * The contract every format loader fulfils: bytes as published in, plain text
 * out. Loaders are async because real formats (PDF, DOCX, legacy Word through
 * LibreOffice) are read by libraries and programs that are.
 */
export interface LoadedText {
  text: string;
  /** PDF only: offsets into `text` at which page 1, 2, … start. */
  pages?: number[];
  /**
   * The title as the file itself sets it, when it does: a page's ArticleTitle or title heading, a PDF's
   * largest type on page 1, a Word file's centred large opening lines. Titles over several lines are one
   * line here. Ingest uses it as the title unless front matter or a sidecar gives one.
   */
  title?: string;
  /**
   * Metadata the file states outside its text and the loader dropped from it (a web page's info bar:
   * 发布时间 → published). Front matter keys; ingest uses them unless front matter or a sidecar gives them.
   */
  fields?: Record<string, string>;
}

export interface LoadContext {
  /** File name as the user knows it (for error messages). */
  name: string;
  /** Absolute path on disk, when the bytes came from a file (converters need one). */
  path?: string;
  /** A Content-Type given with the bytes (an upload, a saved HTTP response), for the charset. */
  contentType?: string;
}

export type Loader = (bytes: Buffer, ctx: LoadContext) => Promise<LoadedText>;

/** A file that cannot be turned into text: the message is Chinese, names the file and says what to do. */
export class LoadError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = "LoadError";
  }
}

export const quoted = (name: string): string => `《${name.split("/").pop()}》`;
