// `npm start` as a user runs it (the CLI's `mock` command plus the docs): it prints where it listens and
// a curl that works as pasted, walks a task to a video in real time, starts no other process, and keeps
// no file open for a download that a client gave up on.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync } from "node:fs";
import { createServer, request } from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { FIRST, SAMPLE } from "./helpers.js";

const SCRIPT = new URL("../../scripts/mock.mjs", import.meta.url).pathname;
const started: ChildProcess[] = [];

afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Runs scripts/mock.mjs, collecting what it prints. */
function runMock(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [SCRIPT, ...args], { env: { ...process.env, ...env } });
  started.push(child);
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
  return { child, exited, waitFor, output: () => ({ stdout, stderr }) };
}

/** The pids of a process's children (pgrep exits 1 when there are none). */
function childrenOf(pid: number) {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map(Number);
  } catch {
    return [];
  }
}

const openFiles = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

describe("npm start", () => {
  it("--help says how to configure it and how to make a task fail", async () => {
    const mock = runMock(["--help"]);
    expect(await mock.exited).toBe(0);
    const { stdout } = mock.output();
    for (const word of ["--port", "MOCK_PORT", "--queued-ms", "MOCK_PROCESSING_MS", "--latency-ms", "--rate-limit"])
      expect(stdout).toContain(word);
    for (const word of ["[fail]", "X-Mock-Fail", "Prefer", "X-Mock-Latency", "extra.webhook.url"])
      expect(stdout.replace(/\s+/g, " ")).toContain(word);
  });

  it("refuses a bad flag with one line and exit code 2", async () => {
    const mock = runMock(["--port", "eighty"]);
    expect(await mock.exited).toBe(2);
    expect(mock.output().stderr).toMatch(/^novita-vidu: .*--port must be a whole number from 0 to 65535\n$/);
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

  it("serves a task from the printed curl to a video, runs no other process, and stops on Ctrl-C", async () => {
    // Port and one timing from the environment, the other from a flag.
    const mock = runMock(["--processing-ms", "600", "--quiet"], { MOCK_PORT: "0", MOCK_QUEUED_MS: "200" });
    const [, url] = await mock.waitFor(/✔ mock API {2}(http:\/\/127\.0\.0\.1:\d+) {2}\(ready in \d+ ms\)/);
    await mock.waitFor(/Ctrl-C stops the mock/);
    expect(mock.output().stdout).toContain(`✔ docs      ${url}/docs`);
    // Prism is no longer behind the mock: nothing to die, nothing to leave behind.
    expect(childrenOf(mock.child.pid!)).toEqual([]);

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

    mock.child.kill("SIGINT");
    expect(await mock.exited).toBe(0);
  });

  it("delivers webhooks to another host only with --allow-remote-webhooks", async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => (received.push(req.url!), res.end())).listen(0, "127.0.0.1");
    await once(receiver, "listening");
    // 0.0.0.0 reaches this machine but is not a loopback name: it stands for another host, with no network.
    const hook = `http://0.0.0.0:${(receiver.address() as net.AddressInfo).port}/hook`;
    const submitWith = async (args: string[]) => {
      const mock = runMock(["--port", "0", ...args]);
      const [, url] = await mock.waitFor(/✔ mock API {2}(http:\/\/127\.0\.0\.1:\d+)/);
      const webhook = { url: hook, test_mode: { enabled: true, return_task_status: "TASK_STATUS_SUCCEED" } };
      const body = { ...FIRST.body, extra: { webhook } };
      const response = await fetch(`${url}${FIRST.path}`, {
        method: "POST",
        headers: { Authorization: "Bearer k", "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return mock;
    };
    try {
      const local = await submitWith([]);
      await local.waitFor(/webhook .* not sent: the mock delivers webhooks to this machine only/);
      const remote = await submitWith(["--allow-remote-webhooks"]);
      await remote.waitFor(new RegExp(`webhook ${hook} ← task [\\w-]+: 200`));
      expect(received).toEqual(["/hook"]);
    } finally {
      receiver.close();
    }
  });

  it("keeps no file open for the docs downloads that clients abort", async () => {
    const mock = runMock(["--port", "0", "--quiet"]);
    const [, url] = await mock.waitFor(/✔ mock API {2}(http:\/\/127\.0\.0\.1:\d+)/);
    const { port } = new URL(url!);
    const pid = mock.child.pid!;
    const abortedDownload = () =>
      new Promise<void>((resolve) => {
        // The docs page is megabytes: the client hangs up after the first chunk, mid-download.
        const req = request({ host: "127.0.0.1", port, path: "/docs" }, (res) => {
          res.once("data", () => (req.destroy(), resolve()));
        });
        req.on("error", () => resolve());
        req.end();
      });
    await abortedDownload(); // the first one opens what is kept open for good (the docs page, once read)
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = openFiles(pid);
    for (let i = 0; i < 50; i++) await abortedDownload();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(openFiles(pid) - before).toBeLessThan(5);
  });
});
