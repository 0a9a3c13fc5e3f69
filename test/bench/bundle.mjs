// Bundle size: what a browser app that uses `run` ships (client, polling, retries, errors and
// validators), minified and gzipped by esbuild, next to openapi-fetch alone (the floor).
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const ROOT = new URL("../..", import.meta.url).pathname;

const APPS = {
  "novita-vidu run()": `import { createViduClient } from "./src/index.ts";
const vidu = createViduClient({ apiKey: "k", baseUrl: "http://127.0.0.1:4010" });
vidu.run("vidu-q3-turbo-i2v", { images: ["https://example.com/a.png"] }, { onProgress: console.log }).then(console.log);`,
  "openapi-fetch alone": `import createClient from "openapi-fetch";
const api = createClient({ baseUrl: "http://127.0.0.1:4010" });
api.GET("/v3/async/task-result", { params: { query: { task_id: "t" } } }).then(console.log);`,
};

async function size(contents) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

export async function bundleSizes() {
  const sizes = {};
  for (const [name, contents] of Object.entries(APPS)) sizes[name] = await size(contents);
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await bundleSizes();
  const ours = sizes["novita-vidu run()"];
  const floor = sizes["openapi-fetch alone"];
  for (const [name, { minified, gzipped }] of Object.entries(sizes)) {
    console.log(
      `${name.padEnd(22)} ${(minified / 1024).toFixed(1).padStart(5)} KB minified  ${(gzipped / 1024).toFixed(2)} KB gzipped`,
    );
  }
  const ok = ours.gzipped <= 6 * 1024;
  console.log(
    `${ok ? "✔" : "✘"} run() bundle ${(ours.gzipped / 1024).toFixed(2)} KB gzipped (target ≤ 6 KB), ${(ours.gzipped / floor.gzipped).toFixed(2)}× openapi-fetch alone`,
  );
}
