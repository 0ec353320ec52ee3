// Placeholder until web/ exists; replaced by the web bundler.
import { existsSync } from "node:fs";
if (!existsSync(new URL("../web/src", import.meta.url))) process.exit(0);
