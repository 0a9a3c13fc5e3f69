#!/usr/bin/env node
// `npm start`: the CLI's `novita-vidu mock` run from the sources, plus the docs site at /docs. esbuild
// turns src/cli/mock.ts into one module first (about 0.1 s), so a fresh clone needs no build step.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, stop } from "esbuild";
import { siteFiles } from "../src/mock/docs-site.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const GENERATED = join(ROOT, "generated");

// Inside node_modules, so that the module's own imports (commander) resolve from the project.
const out = join(ROOT, "node_modules", ".cache", "novita-vidu", `mock-${process.pid}.mjs`);
const { outputFiles } = await build({
  entryPoints: [join(ROOT, "src/cli/mock.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  write: false,
  logLevel: "error",
});
await stop(); // esbuild's service process is not needed any more
mkdirSync(join(out, ".."), { recursive: true });
writeFileSync(out, outputFiles[0]?.text ?? "");
const { mockCommand } = await import(out);
rmSync(out, { force: true });

const command = mockCommand({
  name: "npm start --",
  docsSite: siteFiles(ROOT),
  specDir: GENERATED,
});
try {
  await command.parseAsync(process.argv);
} catch (/** @type {any} */ error) {
  // Commander has already printed its own errors (a bad flag: exit 2); --help exits 0.
  if (error?.code?.startsWith?.("commander.")) process.exit(error.exitCode === 0 ? 0 : 2);
  console.error(`novita-vidu: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
