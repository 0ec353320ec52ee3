import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { ensureIndex, type Log } from "./index/ensure.js";
import { createServices } from "./services.js";

export interface Running {
  url: string;
  port: number;
  server: ServerType;
  close(): Promise<void>;
}

/** Load (or build) the index and serve the app: the one start-up path for `npm start` and tests. */
export async function start(config: Config, log: Log = console.log): Promise<Running> {
  const index = await ensureIndex(config.indexDir, config.corpusDir, log);
  const services = createServices(config, index);
  const app = createApp(services);
  return new Promise((resolveStart) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
      const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
      resolveStart({
        url: `http://${host}:${info.port}`,
        port: info.port,
        server,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
