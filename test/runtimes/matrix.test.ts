// The runtime matrix: test/runtimes/scenario.mjs, written once, runs against the mock on every runtime
// the README names, each its own test named after the runtime and its version. Node, Deno and Bun import
// the built package (dist/, built once per run by test/setup/build.ts); workerd and Chromium (a page and
// a Web Worker) import its browser build, bundled here by esbuild as a front end's bundler would.
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import { launchChromium, type Browser } from "../browser/chromium.js";
import { COMMAND_LINE, installRuntimes, WORKERD } from "./runtimes.js";
import { EXPECTED } from "./scenario.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
const HERE = join(ROOT, "test", "runtimes");
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-matrix-"));
let mock: MockServer;

/** The report a runtime printed as its last line of output. */
const report = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "");

beforeAll(async () => {
  await installRuntimes();
  mock = await startMockServer({ timings: { queuedMs: 100, processingMs: 600 } });
  await build({
    entryPoints: [join(ROOT, "src", "index.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    outfile: join(scratch, "novita-vidu.js"),
    logLevel: "warning",
  });
  for (const file of ["scenario.mjs", "worker.mjs"]) copyFileSync(join(HERE, file), join(scratch, file));
}, 300_000);
afterAll(async () => {
  await mock?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe.concurrent("the client's scenario", () => {
  for (const runtime of COMMAND_LINE) {
    it(`on ${runtime.name}`, async () => {
      const { stdout } = await run(runtime.binary, [...runtime.args, "host.mjs", "../../dist/index.js", mock.url], {
        cwd: HERE,
        env: { PATH: process.env["PATH"], NO_COLOR: "1" },
      });
      expect(report(stdout)).toEqual(EXPECTED);
    });
  }

  it(`on ${WORKERD.name} (a module worker)`, async () => {
    // The worker may reach 127.0.0.1 (the mock) and nothing else.
    writeFileSync(
      join(scratch, "config.capnp"),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .matrix), (name = "loopback", network = (allow = ["local"]))],
);
const matrix :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "scenario.mjs", esModule = embed "scenario.mjs"),
    (name = "novita-vidu.js", esModule = embed "novita-vidu.js"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [(name = "MOCK_URL", text = ${JSON.stringify(mock.url)})],
  globalOutbound = "loopback",
);
`,
    );
    const { stdout } = await run(WORKERD.binary, ["test", join(scratch, "config.capnp")], { cwd: scratch });
    expect(report(stdout)).toEqual(EXPECTED);
  });

  describe("on Chromium", () => {
    let browser: Browser;
    let server: Server;
    let origin = "";
    const PAGE = `<!doctype html><meta charset="utf-8"><title>matrix</title><script type="module">
      import * as library from "/novita-vidu.js";
      import { scenario } from "/scenario.mjs";
      const mockUrl = new URLSearchParams(location.search).get("api");
      const inPage = () => scenario(library, mockUrl);
      const inWorker = () => new Promise((resolve, reject) => {
        const worker = new Worker("/web-worker.mjs", { type: "module" });
        worker.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data.report));
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage(mockUrl);
      });
      window.run = (where) => (where === "page" ? inPage() : inWorker());
    </script>`;
    const WEB_WORKER = `import * as library from "/novita-vidu.js";
      import { scenario } from "/scenario.mjs";
      onmessage = ({ data }) => scenario(library, data).then(
        (report) => postMessage({ report }),
        (error) => postMessage({ error: String(error) }),
      );`;

    beforeAll(async () => {
      const files: Record<string, [string, string]> = {
        "/": [PAGE, "text/html"],
        "/web-worker.mjs": [WEB_WORKER, "text/javascript"],
        "/novita-vidu.js": [readFileSync(join(scratch, "novita-vidu.js"), "utf8"), "text/javascript"],
        "/scenario.mjs": [readFileSync(join(HERE, "scenario.mjs"), "utf8"), "text/javascript"],
      };
      server = createServer((request, response) => {
        const file = files[(request.url ?? "/").split("?")[0] ?? "/"];
        if (file) response.writeHead(200, { "content-type": file[1] }).end(file[0]);
        else response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      browser = await launchChromium(() => [origin, mock.url]);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => server?.close(resolve));
    });

    for (const where of ["page", "Web Worker"]) {
      it(where === "page" ? "in a page" : "in a Web Worker", async () => {
        const page = await browser.context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await page.goto(`${origin}/?api=${encodeURIComponent(mock.url)}`);
        await page.waitForFunction(() => "run" in window);
        const got = await page.evaluate(
          (w) => (window as unknown as { run(w: string): Promise<unknown> }).run(w),
          where,
        );
        expect(got).toEqual(EXPECTED);
        expect(errors).toEqual([]);
        expect(browser.blocked).toEqual([]);
        await page.close();
      });
    }
  });
});
