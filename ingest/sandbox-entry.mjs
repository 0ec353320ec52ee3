// Worker-thread entry of the parse sandbox (see sandbox.ts). Plain JS so it runs whatever loaded the
// parent (tsx, vitest, compiled JS): it registers the TypeScript loader itself.
import { register } from "tsx/esm/api";

register();
await import("./sandbox-worker.ts");
