// npm run bench: every figure that backs a claim of the README, with its target, in one run.
// Results are also written to test/bench/results.json, with the machine they were measured on.
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { bundleSizes, report as reportBundles } from "./bundle.mjs";
import { loadClient } from "./load-client.mjs";
import { mockLoad } from "./mock-load.mjs";
import { mockStartup } from "./mock-start.mjs";
import { reportOverhead, requestOverhead } from "./overhead.mjs";
import { pollingEfficiency, pollingVerdicts } from "./polling.mjs";
import { importTimes, reportImportTimes } from "./import-time.mjs";
import { largeImageValidation } from "./large-image.mjs";
import { longStringTimes, validationRate } from "./validation.mjs";

const line = (ok, text) => console.log(`${ok ? "✔" : "✘"} ${text}`);

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
console.log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);
const { createViduClient } = await loadClient();
const results = { machine, date: new Date().toISOString().slice(0, 10) };

console.log("Bundle (esbuild, browser ESM, minified + gzipped)");
const sizes = await bundleSizes();
reportBundles(sizes, line);
results.bundle = sizes;

console.log("\nCold import in Node (a fresh process each, median of 15)");
results.importMs = reportImportTimes(importTimes(), line);

console.log(
  "\nPer-request cost against a local HTTP server (contenders in turns; the fastest tenth of 50 blocks of 100)",
);
results.requests = reportOverhead(await requestOverhead(createViduClient), line);

console.log("\nPolling, in simulated time: task-result requests, and how late the client learns the task ended");
const polling = pollingVerdicts(await pollingEfficiency(createViduClient));
for (const r of polling) {
  const vsFast = (r.fixed500.requests / r.requests).toFixed(1);
  line(
    r.ok,
    `${r.mode.padEnd(6)} eta, ${String(r.seconds).padStart(3)} s task: ${r.requests} requests (max ${r.maxRequests}), ${(r.lateMs / 1000).toFixed(2)} s late — polling every 0.5 s: ${r.fixed500.requests} (${vsFast}× more), every 6 s: ${r.fixed6000.requests} requests, ${(r.fixed6000.lateMs / 1000).toFixed(1)} s late`,
  );
}
results.polling = polling.map(({ target: _, ...row }) => row);

console.log("\nValidation");
const validation = validationRate();
line(true, `valid bodies: ${Math.round(validation.valid)}/s; invalid bodies: ${Math.round(validation.invalid)}/s`);
const large = largeImageValidation();
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
line(
  large.ok,
  `a body with a 50 MB inline image (a ${mb(large.uriBytes)} data URI): ${large.seconds.toFixed(3)} s, ${mb(large.extraBytes)} extra peak memory (targets < 0.2 s and < ${mb(2 * large.uriBytes)}); a 50-million-character prompt: ${large.promptSeconds.toFixed(3)} s (target < 0.2 s)`,
);
const long = longStringTimes();
for (const [name, ms] of Object.entries(long))
  line(ms < 50, `a 100 KB ${name} in an image or watermark field: ${ms.toFixed(2)} ms (target < 50 ms)`);
results.validation = { ...validation, largeImage: large, longStringMs: long };

console.log("\nThe mock: from spawning the process to its first answer (median of 5), memory after 500 submits");
const startup = await mockStartup();
for (const [name, r] of Object.entries(startup))
  line(
    r.readyMs < 300,
    `${name}: ready in ${Math.round(r.readyMs)} ms (target < 300), ${r.rssMiB.toFixed(0)} MiB resident`,
  );
results.mockStartup = startup;

console.log("\nThe mock under load (50 concurrent clients)");
const mock = await mockLoad();
for (const [name, r] of Object.entries(mock))
  line(r.errors === 0, `${name}: ${Math.round(r.rps)} requests/s, ${r.errors} errors in ${r.requests}`);
results.mock = mock;

writeFileSync(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log("\nwritten to test/bench/results.json");
process.exit(0);
