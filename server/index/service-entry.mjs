// Worker-thread entry of the index service. Plain JS so it runs whatever loaded
// the parent (tsx, vitest, compiled JS): it registers the TypeScript loader itself.
import { register } from "tsx/esm/api";

register();
await import("./service-worker.ts");
