// Fault injection: the client against a local server that misbehaves on script (429 bursts, 5xx,
// connection resets before and after the request is read, answers that never come, truncated and
// malformed bodies, HTML error pages, tasks that fail, never end or report an unknown status, polls
// that hang past the wait's deadline, oversized and gzip-bomb answers, 307/308 redirects of a submit,
// pages that echo the key, keys a header cannot carry, and a 1 MB webhook event of 500,000 bad items that
// parseWebhookEvent must refuse after a bounded walk), some again through the global fetch.
// Every request left hanging must have its connection closed by the client's abort.
// The suite runs in its own process, which must exit by itself: no timer or socket left open.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

interface FaultResult {
  fault: string;
  survived: boolean;
  outcome: string;
  elapsedMs: number;
  attempts: number;
  accepted: number;
  duplicateSubmits: number;
  lostTasks: number;
  keyLeaked: boolean;
}

function runSuite(): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["test/faults/run.mjs"], { cwd: new URL("../..", import.meta.url).pathname });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    // The scenarios take a few seconds; a process still alive after 60 s has left something open.
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe("fault injection", () => {
  it("ends every fault in the documented way, loses no task, bills none twice, and exits", async () => {
    const { code, signal, stdout, stderr } = await runSuite();
    expect(signal, "the suite's process had to be killed: a timer or socket was left open").toBeNull();
    expect(code, stderr).toBe(0);
    const results: FaultResult[] = JSON.parse(stdout.trim().split("\n").pop() ?? "[]");
    const table = results.map((r) => ({
      fault: r.fault,
      survived: r.survived ? "yes" : "NO",
      outcome: r.outcome,
      ms: r.elapsedMs,
      attempts: r.attempts,
      lost: r.lostTasks,
      duplicates: r.duplicateSubmits,
    }));
    console.table(table);
    const totals = {
      tried: results.length,
      survived: results.filter((r) => r.survived).length,
      lostTasks: results.reduce((n, r) => n + r.lostTasks, 0),
      duplicateSubmits: results.reduce((n, r) => n + r.duplicateSubmits, 0),
    };
    console.log(
      `faults tried ${totals.tried}, survived ${totals.survived}, lost tasks ${totals.lostTasks}, duplicate submits ${totals.duplicateSubmits}`,
    );
    expect(totals.tried).toBeGreaterThanOrEqual(20);
    expect(results.filter((r) => !r.survived).map((r) => `${r.fault}: ${r.outcome}`)).toEqual([]);
    expect(totals.lostTasks).toBe(0);
    expect(totals.duplicateSubmits).toBe(0);
    expect(results.filter((r) => r.keyLeaked).map((r) => r.fault)).toEqual([]);
  }, 90_000);
});
