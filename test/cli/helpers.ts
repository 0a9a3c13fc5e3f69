// Running the CLI as a user does, from a bundle of src/ (esbuild, a second): each test file gets its
// own, so no two files rebuild the same dist/ at once. And a small Novita whose answers a test scripts:
// for what the mock never does (stall a download, answer a hostile task id, echo the key).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { build } from "esbuild";

export const ROOT = new URL("../..", import.meta.url).pathname;

/** Bundles the CLI where `../../generated` is the package's (as from dist/cli). Returns it and a cleanup. */
export async function bundleCli(): Promise<{ file: string; remove(): void }> {
  const dir = join(ROOT, ".scratch", `cli-${process.pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "main.mjs");
  await build({
    entryPoints: [join(ROOT, "src/cli/main.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    packages: "external",
    outfile: file,
    logLevel: "error",
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd` with only the environment given (no NOVITA_* of the machine). */
export function runCli(
  file: string,
  cwd: string,
  args: string[],
  env: Record<string, string | undefined> = { NOVITA_API_KEY: "any-key" },
): Promise<Ran> & { child: ChildProcess } {
  const child = spawn(process.execPath, [file, ...args], {
    cwd,
    env: { ...process.env, NOVITA_API_KEY: undefined, NOVITA_BASE_URL: undefined, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<Ran>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { child });
}

/** Resolves when `pattern` shows up in what the child writes to stderr. */
export const stderrShows = (child: ChildProcess, pattern: RegExp) =>
  new Promise<void>((resolve) => {
    let seen = "";
    child.stderr?.on("data", (d: Buffer) => {
      seen += d.toString();
      if (pattern.test(seen)) resolve();
    });
  });

export interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The request's body, once it has arrived. */
  body: string;
}

/**
 * A Novita on 127.0.0.1 that answers each submit with `taskId`, each poll with a success whose video
 * is at `/video`, and the video with `video(res)`. Every request is recorded in `seen`.
 */
export async function scriptedApi(options: {
  taskId?: string;
  submit?: (res: ServerResponse, headers: IncomingHttpHeaders) => void;
  video?: (res: ServerResponse) => void;
}) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const record: Seen = { method: req.method ?? "", path, headers: req.headers, body: "" };
    seen.push(record);
    req.on("data", (chunk: Buffer) => (record.body += chunk.toString()));
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "POST") {
      if (options.submit) return options.submit(res, req.headers);
      return json(200, { task_id: options.taskId ?? "t-1" });
    }
    if (path === "/v3/async/task-result") {
      const video_url = `http://${req.headers.host}/video`;
      return json(200, {
        task: { task_id: "t-1", status: "TASK_STATUS_SUCCEED", progress_percent: 100 },
        videos: [{ video_url, video_url_ttl: "3600", video_type: "mp4" }],
      });
    }
    if (path === "/video" && options.video) return options.video(res);
    json(404, { code: 404, reason: "NOT_FOUND", message: "not found", metadata: {} });
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => (sockets.add(socket), socket.on("close", () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
