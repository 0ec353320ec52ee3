// Worker-thread entry of the compute pool. Plain JS so it runs whatever loaded
// the parent (tsx, vitest, compiled JS): it registers the TypeScript loader itself.
import { register } from "tsx/esm/api";

register();
const mod = await import("./worker.ts");
export default mod.default;
