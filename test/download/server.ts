// A video host that misbehaves on cue, on 127.0.0.1: each path answers with its scripted behaviours in
// turn (the last repeats), and every request's path and Range header is recorded. The real mock stands
// in for Novita where a fresh link is read.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AUTH, SAMPLE } from "../mock/helpers.js";
import { startMockServer, type MockServer } from "../../src/mock/node.js";
import type { TaskResult } from "../../src/index.js";
import type { TaskResultReader } from "../../src/index.js";

export { SAMPLE };
export type Behaviour = (res: ServerResponse, req: IncomingMessage) => void;

const HALF = Math.floor(SAMPLE.length / 2);

/** Serves the sample, or the part a `Range: bytes=N-` asks for. */
export const video: Behaviour = (res, req) => {
  const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? "")?.[1] ?? 0);
  const part = SAMPLE.subarray(start);
  const headers = { "content-type": "video/mp4", "content-length": String(part.length), "accept-ranges": "bytes" };
  if (start === 0) return void res.writeHead(200, headers).end(part);
  res.writeHead(206, { ...headers, "content-range": `bytes ${start}-${SAMPLE.length - 1}/${SAMPLE.length}` });
  res.end(part);
};
export const status =
  (code: number, type = "text/plain", headers: Record<string, string> = {}): Behaviour =>
  (res) =>
    void res.writeHead(code, { "content-type": type, ...headers }).end(`HTTP ${code}`);
export const html: Behaviour = (res) =>
  void res.writeHead(200, { "content-type": "text/html" }).end("<html>Link expired</html>");
/** The whole sample with a 200 whatever the Range, as a server that ignores it; `lastModified` names its version. */
export const ignoringRange =
  (lastModified: string): Behaviour =>
  (res) =>
    void res
      .writeHead(200, {
        "content-type": "video/mp4",
        "content-length": String(SAMPLE.length),
        "last-modified": lastModified,
      })
      .end(SAMPLE);
/** Announces the whole sample, sends half, then resets the connection. */
export const resetHalfway: Behaviour = (res) => {
  const version = { "last-modified": "Tue, 08 Dec 2026 00:00:00 GMT" };
  res.writeHead(200, { "content-type": "video/mp4", "content-length": String(SAMPLE.length), ...version });
  res.write(SAMPLE.subarray(0, HALF), () => setTimeout(() => res.socket?.destroy(), 20));
};
/** Sends the first kilobyte, then nothing more. */
export const stall: Behaviour = (res) => {
  res.writeHead(200, { "content-type": "video/mp4", "content-length": String(SAMPLE.length) });
  res.write(SAMPLE.subarray(0, 1024));
};

export interface Host {
  url: string;
  /** Each request, as `path` plus ` range=…` when it had one. */
  seen: string[];
  close(): Promise<void>;
}

export async function videoHost(routes: Record<string, Behaviour[]>): Promise<Host> {
  const seen: string[] = [];
  const turns = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    seen.push(`${path}${req.headers.range ? ` range=${req.headers.range}` : ""}`);
    const script = routes[path];
    if (!script) return void res.writeHead(404).end();
    const turn = turns.get(path) ?? 0;
    turns.set(path, turn + 1);
    script[Math.min(turn, script.length - 1)]!(res, req);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the video host did not start")), 5000);
    server.once("error", reject).listen(0, "127.0.0.1", () => (clearTimeout(timer), resolve()));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url, seen, close };
}

/** `getResult` over the mock at `url`, as a client has it, counting its calls. */
export function mockReader(url: string): TaskResultReader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getResult(id: string, options: { signal?: AbortSignal } = {}): Promise<TaskResult> {
      calls.push(id);
      const query = `task_id=${encodeURIComponent(id)}`;
      const answer = await fetch(`${url}/v3/async/task-result?${query}`, { headers: AUTH, ...options });
      return (await answer.json()) as TaskResult;
    },
  };
}

/** Submits a task to the mock at `url`; resolves with its id. */
export async function submitTask(url: string, extra?: unknown): Promise<string> {
  const submitted = await fetch(`${url}/v3/async/vidu-q3-turbo-t2v`, {
    method: "POST",
    headers: { ...AUTH, "Content-Type": "application/json" },
    body: JSON.stringify({ prompt: "a cat", ...(extra !== undefined && { extra }) }),
  });
  return ((await submitted.json()) as { task_id: string }).task_id;
}

/** The mock as Novita, with a task that succeeds at once, and a `getResult` over it. */
export async function novita(): Promise<{ mock: MockServer; reader: ReturnType<typeof mockReader>; taskId: string }> {
  const mock = await startMockServer({ timings: { queuedMs: 0, processingMs: 0 } });
  return { mock, reader: mockReader(mock.url), taskId: await submitTask(mock.url) };
}

/** A task result whose video is at `url`, finished `ageMs` ago with a link valid for `ttlSeconds`. */
export function resultAt(url: string, taskId: string, ageMs = 0, ttlSeconds = 3600): TaskResult {
  return {
    task: { task_id: taskId, status: "TASK_STATUS_SUCCEED" },
    extra: { debug_info: { complete_time_ms: String(Date.now() - ageMs) } },
    videos: [{ video_url: url, video_url_ttl: String(ttlSeconds), video_type: "mp4" }],
  } as TaskResult;
}
