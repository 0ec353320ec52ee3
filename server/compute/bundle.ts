import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * A worker thread's code as one plain ES module, bundled from its TypeScript source.
 *
 * Every thread that loads the TypeScript sources through tsx gets its own loader
 * (module hooks, the transformed sources with their inline source maps): ≈ 45 MB of
 * resident memory per thread, more than the thread's share of a 100k-clause index
 * (bench:memory). A bundle is loaded as plain JavaScript: the thread holds just its code.
 *
 * Packages stay external (resolved from the repository's node_modules, so the bundle
 * is written under the repository); each module's `import.meta.url` is its own
 * source file's URL, so paths to corpus/ and the dictionaries resolve as from the sources.
 * Written once per content (the name is its hash) under `.run/bundles/`.
 *
 * Returns undefined when the bundle cannot be made (esbuild missing, a read-only tree):
 * the caller then starts the thread on the TypeScript entry as before.
 */
/** `import.meta.url` as code (not inside a string such as this module's own pattern). */
const OWN_URL = /(?<!["'`\w.])import\.meta\.url(?![\w"'`])/g;

export async function bundledWorker(entry: URL): Promise<URL | undefined> {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  try {
    const require = createRequire(import.meta.url);
    const esbuild = require("esbuild") as typeof import("esbuild");
    const source = fileURLToPath(entry);
    const out = await esbuild.build({
      entryPoints: [source],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      write: false,
      logLevel: "silent",
      plugins: [
        {
          name: "own-import-meta-url",
          setup(build) {
            build.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
              const text = readFileSync(args.path, "utf8");
              const loader = args.path.endsWith("ts") ? "ts" : "js";
              return { contents: text.replace(OWN_URL, JSON.stringify(pathToFileURL(args.path).href)), loader };
            });
          },
        },
      ],
    });
    const code = out.outputFiles[0]!.contents;
    const name = `${(entry.pathname.split("/").pop() ?? "worker").replace(/\.[cm]?[jt]s$/, "")}-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`;
    const dir = join(root, ".run", "bundles");
    const file = join(dir, name);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      // Written under a temporary name and renamed: a concurrent server never imports half a file.
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
    }
    return pathToFileURL(file);
  } catch {
    return undefined;
  }
}

/** The parent's Node options minus the TypeScript loader: a bundled thread needs none. */
export function execArgvWithoutTsx(argv: string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((a === "--import" || a === "--loader" || a === "--experimental-loader" || a === "--require" || a === "-r") && /(^|\/)tsx(\/|$)/.test(argv[i + 1] ?? "")) {
      i++;
      continue;
    }
    if (/^--(import|loader|experimental-loader|require)=.*tsx/.test(a)) continue;
    out.push(a);
  }
  return out;
}
