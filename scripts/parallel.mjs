// Runs npm scripts side by side and prints each one's output whole when it ends, so `npm test`'s lint
// and typechecks (each one mostly a single thread) share the cores instead of queueing. Exits 1 if any
// failed, after all have ended, so one run reports every failure.
//   node scripts/parallel.mjs lint:spec lint:eslint typecheck:src …
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error("usage: node scripts/parallel.mjs <npm script>…");
  process.exit(2);
}
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * @param {string} name
 * @returns {Promise<{ name: string; code: number | null; output: string; seconds: number }>}
 */
function run(name) {
  const started = performance.now();
  return new Promise((resolve) => {
    // Colours as if each wrote to this terminal, when it is one: their output is piped to be held.
    const env = process.stdout.isTTY ? { ...process.env, FORCE_COLOR: "1" } : process.env;
    const child = spawn(npm, ["run", name], { env });
    /** @type {Buffer[]} */
    const chunks = [];
    child.stdout.on("data", (d) => chunks.push(d));
    child.stderr.on("data", (d) => chunks.push(d));
    child.on("error", (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (code) =>
      resolve({ name, code, output: Buffer.concat(chunks).toString(), seconds: (performance.now() - started) / 1000 }),
    );
  });
}

const results = await Promise.all(
  names.map((name) =>
    run(name).then((result) => {
      const mark = result.code === 0 ? "✔" : "✖";
      process.stdout.write(`${mark} npm run ${name} (${result.seconds.toFixed(1)} s)\n`);
      process.stdout.write(result.output.replace(/^(?!$)/gm, "  "));
      return result;
    }),
  ),
);
const failed = results.filter((r) => r.code !== 0);
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${results.length} failed: ${failed.map((r) => r.name).join(", ")}`);
  process.exit(1);
}
