// Worker-thread entry for index builds. Plain JS so it runs whatever loaded the
// parent (tsx, vitest, compiled JS): it registers the TypeScript loader itself.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { buildIndex } = await import("../../ingest/build.ts");
const { defaultRegionResolver } = await import("../../ingest/regions.ts");
try {
  const { manifest } = await buildIndex({ corpusDir: workerData.corpusDir, outDir: workerData.outDir, resolveRegion: defaultRegionResolver() });
  parentPort.postMessage({ ok: true, manifest });
} catch (e) {
  parentPort.postMessage({ ok: false, error: e instanceof Error ? e.message : String(e) });
}
