#!/usr/bin/env node
// `npm start`: the mock Vidu API on http://127.0.0.1:4010, validated by Prism, with tasks that walk from
// queued to succeeded and a video that plays. Flags win over environment variables.
import { parseArgs } from "node:util";
import { MODELS } from "../generated/constants.js";
import { startMockServer } from "../src/mock/server.mjs";
import { DOCS_PAGE, fileExists } from "../src/mock/static.mjs";
import { DEFAULT_TIMINGS } from "../src/mock/tasks.mjs";

const HELP = `Usage: npm start -- [options]   (or: node scripts/mock.mjs [options])

A mock of Novita's Vidu API. Prism validates every request against the spec; each accepted submit
gets a fresh task id whose result goes QUEUED → PROCESSING → SUCCEED, ending with a playable video.
Any non-empty bearer key is accepted.

Options (environment variable in brackets):
  --port <n>            port to listen on, 0 for a free one [MOCK_PORT]      default 4010
  --host <address>      address to listen on [MOCK_HOST]                     default 127.0.0.1
  --queued-ms <ms>      how long a task stays queued [MOCK_QUEUED_MS]        default ${DEFAULT_TIMINGS.queuedMs}
  --processing-ms <ms>  how long it then processes [MOCK_PROCESSING_MS]      default ${DEFAULT_TIMINGS.processingMs}
  --quiet               do not log each request [MOCK_QUIET=1]
  --help                show this help

Make a task fail: put [fail] (or [fail:008007004]) in the prompt, or send the header
X-Mock-Fail: 008007095 (any of Vidu's 0080070xx codes; empty for 008007095).
Pick a fixed task-result state: send Prefer: example=queued|processing|succeed|failed.`;

/** Exits with a one-line reason. @param {string} message @returns {never} */
function fail(message, exitCode = 2) {
  console.error(`✘ ${message}`);
  process.exit(exitCode);
}

/**
 * A whole number from a flag or its environment variable.
 * @param {string | undefined} text @param {string} name @param {number} fallback @param {number} max
 */
function wholeNumber(text, name, fallback, max) {
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) fail(`${name} must be a whole number from 0 to ${max}`);
  return value;
}

/** @type {ReturnType<typeof parseArgs>["values"]} */
let flags = {};
try {
  flags = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "queued-ms": { type: "string" },
      "processing-ms": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
  }).values;
} catch (error) {
  fail(`${error instanceof Error ? error.message : error} (see --help)`);
}
if (flags["help"]) {
  console.log(HELP);
  process.exit(0);
}

const env = process.env;
const flag = (/** @type {string} */ name) => /** @type {string | undefined} */ (flags[name]);
const port = wholeNumber(flag("port") ?? env["MOCK_PORT"], "--port (MOCK_PORT)", 4010, 65535);
const host = flag("host") ?? env["MOCK_HOST"] ?? "127.0.0.1";
const timings = {
  queuedMs: wholeNumber(flag("queued-ms") ?? env["MOCK_QUEUED_MS"], "--queued-ms", DEFAULT_TIMINGS.queuedMs, 3_600_000),
  processingMs: wholeNumber(
    flag("processing-ms") ?? env["MOCK_PROCESSING_MS"],
    "--processing-ms",
    DEFAULT_TIMINGS.processingMs,
    3_600_000,
  ),
};
const quiet = Boolean(flags["quiet"]) || env["MOCK_QUIET"] === "1";

// Stop cleanly on Ctrl-C or SIGTERM, even while starting; a second Ctrl-C exits at once (the exit hook
// in src/mock/prism.mjs still ends Prism).
/** @type {import("../src/mock/server.mjs").MockServer | undefined} */
let mock;
let stopping = false;
async function stop() {
  if (stopping) process.exit(130);
  stopping = true;
  await mock?.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const startedAt = performance.now();
try {
  mock = await startMockServer({ port, host, timings, ...(!quiet && { log: (line) => console.log(`  ${line}`) }) });
} catch (error) {
  const inUse = error instanceof Error && "code" in error && error.code === "EADDRINUSE";
  fail(inUse ? `port ${port} on ${host} is in use: pass --port or MOCK_PORT` : String(error), 1);
}
const { url } = mock;

const docsBuilt = await fileExists(DOCS_PAGE);
const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
const submitPath = MODELS["vidu-q3-turbo-i2v"].path;
console.log(`✔ mock API  ${url}  (Prism validates every request; ready in ${seconds} s)`);
console.log(`✔ docs      ${url}/docs${docsBuilt ? "" : "  (not built yet: run npm run docs)"}`);
console.log(`✔ spec      ${url}/openapi.yaml  ${url}/openapi.json`);
console.log(`✔ video     ${url}/videos/sample.mp4  (every finished task's video_url plays it)`);
console.log(`
Submit a task, then poll its result with the task_id it answers (any bearer key works):

  curl -s ${url}${submitPath} -H 'Authorization: Bearer mock-key' -H 'Content-Type: application/json' -d '{"images":["https://example.com/cat.png"],"prompt":"The cat yawns."}'
  curl -s '${url}/v3/async/task-result?task_id=<task_id>' -H 'Authorization: Bearer mock-key'

Ctrl-C stops the mock.`);
