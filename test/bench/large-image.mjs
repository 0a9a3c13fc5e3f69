// The cost of validating a body that carries a 50 MB inline image (the largest the API takes), in a
// fresh process whose peak memory is reset just before (Linux), so the peak is this check's alone: time, and peak RSS added by the validation
// over the data URI itself. Target: < 0.2 s and < 2× the data URI's size.
import { spawnSync } from "node:child_process";

const CHILD = `
import { readFileSync, writeFileSync } from "node:fs";
import { validateRequestBody } from "./generated/validators.js";
const MB = 1024 * 1024;
/** Peak resident memory since the last reset (Linux: writing 5 to clear_refs resets it). */
const peak = () => Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status", "utf8"))[1]) * 1024;
// A flat string (not a rope), as a file read into base64 gives.
let bytes = Buffer.alloc(50 * MB, 7);
bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const image = "data:image/png;base64," + bytes.toString("base64");
image.charCodeAt(image.length - 1);
bytes = undefined;
globalThis.gc();
const body = { images: [image], prompt: "The cat yawns" };
writeFileSync("/proc/self/clear_refs", "5");
const before = peak();
const started = performance.now();
const issues = validateRequestBody("/v3/async/vidu-q3-turbo-i2v", body);
const seconds = (performance.now() - started) / 1000;
const extraBytes = Math.max(0, peak() - before);
// A 50-million-character prompt: its UTF-16 length alone shows it is over maxLength, nothing is counted.
const prompt = "x".repeat(50_000_000);
prompt.charCodeAt(prompt.length - 1);
const promptStarted = performance.now();
const promptIssues = validateRequestBody("/v3/async/vidu-q3-turbo-i2v", { images: ["https://e.x/a.png"], prompt });
const promptSeconds = (performance.now() - promptStarted) / 1000;
console.log(JSON.stringify({ uriBytes: image.length, seconds, extraBytes, issues: issues.length, promptSeconds, promptIssues: promptIssues.length }));
`;

export function largeImageValidation() {
  const child = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", CHILD], {
    cwd: new URL("../..", import.meta.url).pathname,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (child.status !== 0) throw new Error(`the 50 MB validation failed: ${child.stderr || child.signal}`);
  const result = JSON.parse(child.stdout);
  const ok = result.issues === 0 && result.seconds < 0.2 && result.extraBytes < 2 * result.uriBytes;
  return { ...result, ok: ok && result.promptIssues === 1 && result.promptSeconds < 0.2 };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(largeImageValidation());
