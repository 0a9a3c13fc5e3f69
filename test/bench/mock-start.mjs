// How fast the shipped mock is ready and how much memory it holds: `novita-vidu mock` as installed
// (dist/cli/main.js) and `npm start`, from the moment the process is spawned to its first answer.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("../..", import.meta.url).pathname;
let built = false;

/** Builds dist/ once per run, as `npm pack` does. */
export function ensureBuilt() {
  if (!built) execFileSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { cwd: ROOT });
  built = true;
}

const rssMiB = (/** @type {number | undefined} */ pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

/** Spawns `args`, waits for the printed URL to answer, and measures; then stops it. @param {string[]} args */
async function startOnce(args) {
  const begin = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout.on("data", (d) => (stdout += d));
  try {
    let url;
    while (!(url = /✔ mock API {2}(\S+)/.exec(stdout)?.[1])) {
      if (child.exitCode !== null || performance.now() - begin > 20_000) throw new Error(`no start:\n${stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const answered = await fetch(`${url}/v3/async/task-result?task_id=x`, { headers: { Authorization: "Bearer k" } });
    await answered.arrayBuffer();
    const readyMs = performance.now() - begin;
    const body = JSON.stringify({ images: ["https://example.com/a.png"] });
    const headers = { Authorization: "Bearer k", "Content-Type": "application/json" };
    for (let i = 0; i < 500; i++)
      await (await fetch(`${url}/v3/async/vidu-q3-turbo-i2v`, { method: "POST", headers, body })).arrayBuffer();
    return { readyMs, rssMiB: rssMiB(child.pid) };
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
  }
}

const median = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median over `rounds` starts of each way to run the mock: ready time, and memory after 500 submits. */
export async function mockStartup(rounds = 5) {
  ensureBuilt();
  const ways = {
    "novita-vidu mock": [join(ROOT, "dist/cli/main.js"), "mock", "--port", "0", "--quiet"],
    "npm start": [join(ROOT, "scripts/mock.mjs"), "--port", "0", "--quiet"],
  };
  /** @type {Record<string, { readyMs: number, rssMiB: number }>} */
  const results = {};
  for (const [name, args] of Object.entries(ways)) {
    const runs = [];
    for (let i = 0; i < rounds; i++) runs.push(await startOnce(args));
    results[name] = { readyMs: median(runs.map((r) => r.readyMs)), rssMiB: median(runs.map((r) => r.rssMiB)) };
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, r] of Object.entries(await mockStartup()))
    console.log(
      `${r.readyMs < 300 ? "✔" : "✘"} ${name}: ready in ${Math.round(r.readyMs)} ms, ${r.rssMiB.toFixed(0)} MiB`,
    );
}
