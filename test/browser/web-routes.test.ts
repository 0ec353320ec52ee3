import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { webRoutes } from "../../server/web/routes.js";

/** The static routes on their own: build-on-demand, types, caching, no path tricks. */
describe("webRoutes", () => {
  const dist = mkdtempSync(join(tmpdir(), "zct-web-dist-"));
  const app = webRoutes({ distDir: join(dist, "dist") });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it("builds a missing web/dist on first request and serves the pages", async () => {
    const res = await app.request("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    const html = await res.text();
    expect(html).toContain("政策通");
    const console = await app.request("/console");
    expect(await console.text()).toContain("热线工作台");
  });

  it("serves hashed assets as immutable and revalidates by ETag", async () => {
    const html = await (await app.request("/")).text();
    const js = /src="(\/assets\/chat-[\w]+\.js)"/.exec(html)![1];
    const res = await app.request(js);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toContain("immutable");
    const again = await app.request(js, { headers: { "If-None-Match": res.headers.get("etag")! } });
    expect(again.status).toBe(304);
  });

  it("lets other sites load the widget", async () => {
    const res = await app.request("/widget.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("cache-control")).toMatch(/max-age=300/);
  });

  it("serves nothing outside the build", async () => {
    for (const path of ["/assets/..%2F..%2Fpackage.json", "/assets/.hidden", "/assets/nope.js"]) {
      expect((await app.request(path)).status).toBe(404);
    }
  });
});
