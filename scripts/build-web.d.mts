export interface BuildWebResult {
  outDir: string;
  widgetBytes: number;
  widgetGzipBytes: number;
}
export function buildWeb(opts?: { outDir?: string; quiet?: boolean }): Promise<BuildWebResult>;
export const webDistDir: string;
