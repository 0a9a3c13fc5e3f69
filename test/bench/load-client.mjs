// Loads the client from src/ for the benchmarks: esbuild turns the TypeScript into one ESM module.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";

import { join } from "node:path";
import { build } from "esbuild";

const ROOT = new URL("../..", import.meta.url).pathname;

export async function loadClient() {
  const { outputFiles } = await build({
    entryPoints: [join(ROOT, "src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    external: ["openapi-fetch"],
  });
  const dir = mkdtempSync(join(ROOT, "node_modules", ".novita-vidu-bench-"));
  const file = join(dir, "client.mjs");
  writeFileSync(file, outputFiles[0].text);
  try {
    return await import(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
