import { decodeText } from "./charset.js";
import type { Loader } from "./types.js";

/** Plain text and Markdown: decoded (UTF-8, or GBK when the bytes are not UTF-8), line ends unified. */
export const textLoader: Loader = async (bytes, ctx) => ({ text: decodeText(bytes, ctx.contentType).replace(/\r\n?/g, "\n") });
