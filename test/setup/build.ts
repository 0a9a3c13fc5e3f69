// Builds dist/ once per run, for the suites that run the built package (the CLI, the runtime matrix):
// once, even when several projects of the run list this setup.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const ROOT = new URL("../..", import.meta.url).pathname;
const shared = globalThis as { novitaViduBuild?: Promise<unknown> };

export default async function setup() {
  // As `npm run build`: tsc, then one bundle of every entry (scripts/build.mjs).
  shared.novitaViduBuild ??= promisify(execFile)(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT });
  await shared.novitaViduBuild;
}
