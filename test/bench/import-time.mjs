// Cold import time in Node: a fresh process per sample imports the entry and reports how long the
// import took (the process's own start-up is not counted). novita-vidu/lean is measured from the
// built package (dist/, built here as `npm run build` does), beside openapi-fetch alone and Replicate's client (a pinned
// devDependency), the alternatives a user would pick. Contenders alternate; medians of `runs`.
import { execFileSync } from "node:child_process";

const ROOT = new URL("../..", import.meta.url).pathname;
const CONTENDERS = {
  "novita-vidu/lean": `${ROOT}dist/lean.js`,
  "novita-vidu (every model)": `${ROOT}dist/index.js`,
  "openapi-fetch": "openapi-fetch",
  replicate: "replicate",
};
const PROBE = `const t = performance.now(); await import(process.argv[1]); console.log(performance.now() - t);`;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median cold import time of each contender, in ms. */
export function importTimes({ runs = 15 } = {}) {
  execFileSync(process.execPath, [`${ROOT}scripts/build.mjs`], { cwd: ROOT });
  const samples = Object.fromEntries(Object.keys(CONTENDERS).map((name) => [name, []]));
  for (let i = 0; i < runs; i++)
    for (const [name, specifier] of Object.entries(CONTENDERS)) {
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", PROBE, specifier], { cwd: ROOT });
      samples[name].push(Number(out.toString()));
    }
  return Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, median(s)]));
}

/** One line: each contender's time; the verdict: the lean entry no slower than Replicate's client. */
export function reportImportTimes(times, line) {
  const lean = times["novita-vidu/lean"];
  const figures = Object.entries(times)
    .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
    .join(", ");
  line(
    lean <= times.replicate,
    `${figures}; lean ${(lean / times.replicate).toFixed(2)}× Replicate's client (target ≤ 1)`,
  );
  return times;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  reportImportTimes(importTimes(), (ok, text) => console.log(`${ok ? "✔" : "✘"} ${text}`));
}
