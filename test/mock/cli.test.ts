// `npm start` as a user runs it: it prints where it listens and a curl that works as pasted, walks a
// task to a video in real time, and leaves no Prism behind however it is stopped.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";

const SCRIPT = new URL("../../scripts/mock.mjs", import.meta.url).pathname;
const SAMPLE = readFileSync(new URL("../../src/mock/assets/sample.mp4", import.meta.url));
const started: { child: ChildProcess; temporary: string }[] = [];

afterEach(() => {
  for (const { child, temporary } of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(temporary, { recursive: true, force: true });
  }
});

/** Runs scripts/mock.mjs, collecting what it prints, with a temporary directory of its own. */
function runMock(args: string[], env: Record<string, string> = {}) {
  const temporary = mkdtempSync(join(tmpdir(), "mock-cli-"));
  const child = spawn(process.execPath, [SCRIPT, ...args], { env: { ...process.env, TMPDIR: temporary, ...env } });
  started.push({ child, temporary });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  /** Resolves with the first match of `pattern` in stdout, or rejects after `timeoutMs`. */
  const waitFor = async (pattern: RegExp, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(stdout);
      if (match) return match;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`no ${pattern} in:\n${stdout}${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** What the mock and its Prism left in their temporary directory. */
  const leftovers = () => readdirSync(temporary);
  return { child, exited, waitFor, leftovers, output: () => ({ stdout, stderr }) };
}

/** The pids of a process's children. */
const childrenOf = (pid: number) =>
  execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map(Number);

/** Whether a process still runs (an exited child that no one has reaped yet counts as gone). */
function isRunning(pid: number) {
  try {
    return !execFileSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" })
      .trim()
      .startsWith("Z");
  } catch {
    return false; // ps exits 1 when there is no such process
  }
}

async function waitUntilGone(pid: number, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return !isRunning(pid);
}

describe("npm start", () => {
  it("--help says how to configure it and how to make a task fail", async () => {
    const mock = runMock(["--help"]);
    expect(await mock.exited).toBe(0);
    const { stdout } = mock.output();
    for (const word of ["--port", "MOCK_PORT", "--queued-ms", "MOCK_PROCESSING_MS", "[fail]", "X-Mock-Fail", "Prefer"])
      expect(stdout).toContain(word);
  });

  it("refuses a bad flag with one line and exit code 2", async () => {
    const mock = runMock(["--port", "eighty"]);
    expect(await mock.exited).toBe(2);
    expect(mock.output().stderr).toBe("✘ --port (MOCK_PORT) must be a whole number from 0 to 65535\n");
  });

  it("says so at once when the port is taken", async () => {
    const taken = net.createServer().listen(0, "127.0.0.1");
    await once(taken, "listening");
    const { port } = taken.address() as net.AddressInfo;
    try {
      const mock = runMock(["--port", String(port)]);
      expect(await mock.exited).toBe(1);
      expect(mock.output().stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
    } finally {
      taken.close();
    }
  });

  it("serves a task from the printed curl to a video, then stops on Ctrl-C with no Prism left", async () => {
    // Port and one timing from the environment, the other from a flag.
    const mock = runMock(["--processing-ms", "600", "--quiet"], { MOCK_PORT: "0", MOCK_QUEUED_MS: "200" });
    const [, url] = await mock.waitFor(/✔ mock API {2}(http:\/\/127\.0\.0\.1:\d+)/);
    await mock.waitFor(/Ctrl-C stops the mock/);
    expect(mock.output().stdout).toContain(`✔ docs      ${url}/docs`);

    const [submitCurl, resultCurl] = mock
      .output()
      .stdout.split("\n")
      .filter((line) => line.trim().startsWith("curl "));
    const { task_id: taskId } = JSON.parse(execFileSync("sh", ["-c", submitCurl!], { encoding: "utf8" }));
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    const poll = resultCurl!.replace("<task_id>", taskId);
    const statuses: string[] = [];
    let last: { task: { status: string }; videos: { video_url: string }[] } | undefined;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      last = JSON.parse(execFileSync("sh", ["-c", poll], { encoding: "utf8" }));
      if (statuses.at(-1) !== last!.task.status) statuses.push(last!.task.status);
      if (last!.task.status === "TASK_STATUS_SUCCEED") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const order = ["TASK_STATUS_QUEUED", "TASK_STATUS_PROCESSING", "TASK_STATUS_SUCCEED"];
    expect(statuses.at(-1)).toBe("TASK_STATUS_SUCCEED");
    expect(statuses).toEqual(order.filter((status) => statuses.includes(status)));
    const video = await fetch(last!.videos[0]!.video_url);
    expect(Buffer.from(await video.arrayBuffer()).equals(SAMPLE)).toBe(true);

    const [prismPid] = childrenOf(mock.child.pid!);
    expect(isRunning(prismPid!)).toBe(true);
    mock.child.kill("SIGINT");
    expect(await mock.exited).toBe(0);
    expect(isRunning(prismPid!)).toBe(false);
    expect(mock.leftovers()).toEqual([]);
  });

  it("leaves no Prism behind even when killed outright", async () => {
    const mock = runMock(["--port", "0", "--quiet"]);
    await mock.waitFor(/✔ mock API/);
    const [prismPid] = childrenOf(mock.child.pid!);
    mock.child.kill("SIGKILL");
    await mock.exited;
    expect(await waitUntilGone(prismPid!)).toBe(true);
    expect(mock.leftovers()).toEqual([]);
  });
});
