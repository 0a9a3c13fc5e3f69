// A local Novita that misbehaves on script (including oversized, gzip-bomb and key-echoing answers,
// redirects, polls that never answer, and a hostile webhook event). The first path segment names the fault, so one server
// serves every scenario: http://127.0.0.1:<port>/<fault>/v3/async/...
// It counts what it accepted, so the suite can tell a duplicate submit from a lost task, and the
// requests it leaves hanging whose connection the client has not closed yet (an abort that never
// reached the fetch leaves one open). `<fault>.<variant>` runs a fault again with its own counts.
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";

const MB = 1024 * 1024;
/** 32 MB of JSON whitespace, gzipped to about 32 KB: small on the wire, 8 times the cap once inflated. */
const bomb = gzipSync(Buffer.concat([Buffer.from('{"task":'), Buffer.alloc(32 * MB, 32)]));

/** Streams `bytes` of a JSON answer that never ends well, stopping when the client hangs up. */
async function flood(res, bytes) {
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"task":');
  const chunk = Buffer.alloc(64 * 1024, 32);
  for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) await new Promise((r) => (res.once("drain", r), res.once("close", r)));
  }
  res.end("}");
}

/** 1 MB of webhook event holding 500,000 bad `videos[]` items, as a hostile sender might POST one. */
const HOSTILE_EVENT = `{"event_type":"ASYNC_TASK_RESULT","payload":{"task":{"task_id":"t","status":"TASK_STATUS_SUCCEED"},"videos":[${Array(500_000).fill("1").join(",")}]}}`;

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const envelope = (code, reason) => ({ code, reason, message: reason.toLowerCase().replace(/_/g, " "), metadata: {} });
const task = (id, status, extra = {}) => ({
  task: { task_id: id, task_type: "VIDU", status, reason: "", ...extra },
  videos: [],
});
const succeeded = (id) => ({
  task: { task_id: id, status: "TASK_STATUS_SUCCEED", progress_percent: 100, eta: 0 },
  videos: [{ video_url: `https://example.com/${id}.mp4`, video_url_ttl: "3600", video_type: "mp4" }],
});

export function startFaultServer() {
  const stats = new Map(); // fault -> { submits: requests received, accepted: tasks created, polls }
  const stat = (fault) =>
    stats.get(fault) ?? stats.set(fault, { submits: 0, accepted: 0, polls: 0, hanging: 0 }).get(fault);
  const sockets = new Set();

  /** Each fault: what to answer to the nth submit and the nth poll (n from 1). */
  const FAULTS = {
    ok: {},
    "429-burst-retry-after": {
      submit: (n) => n <= 3 && [429, envelope(429, "RATE_LIMIT_EXCEEDED"), { "retry-after": "0" }],
    },
    "429-burst-no-retry-after": { submit: (n) => n <= 3 && [429, envelope(429, "RATE_LIMIT_EXCEEDED")] },
    "429-forever": { submit: () => [429, envelope(429, "RATE_LIMIT_EXCEEDED")] },
    "500-poll": { poll: (n) => n <= 2 && [500, envelope(500, "GET_RESULT_FAILED")] },
    "502-poll": { poll: (n) => n <= 2 && [502, "<html><body><h1>502 Bad Gateway</h1></body></html>"] },
    "503-poll": { poll: (n) => n <= 2 && [503, envelope(503, "SERVICE_UNAVAILABLE")] },
    "500-submit": { submit: () => "accept-then-500" },
    "503-submit": { submit: () => [503, envelope(503, "SERVICE_UNAVAILABLE")] },
    "html-400-submit": { submit: () => [400, "<!doctype html><title>400</title><p>Bad request</p>"] },
    "reset-before-read-submit": { submit: () => "reset-before-read" },
    "reset-before-read-poll": { poll: (n) => n <= 2 && "reset-before-read" },
    "reset-after-read-submit": { submit: () => "accept-then-reset" },
    "never-answers-submit": { submit: () => "accept-then-hang" },
    "never-answers-poll": { poll: (n) => n <= 1 && "hang" },
    "truncated-body-poll": { poll: (n) => n <= 1 && "truncate" },
    "invalid-json-poll": { poll: () => [200, '{"task": {'] },
    "task-fails": {
      poll: () => [200, task("t", "TASK_STATUS_FAILED", { reason: "008007095: internal generation error" })],
    },
    "task-never-ends": { poll: () => [200, task("t", "TASK_STATUS_PROCESSING", { eta: 0.3, progress_percent: 50 })] },
    "unknown-status": { poll: (n) => n <= 2 && [200, task("t", "TASK_STATUS_SOMETHING_NEW")] },
    // The task is created, then every poll hangs: only the wait's own deadline ends it.
    "hang-during-wait": { poll: () => "hang" },
    "oversized-poll": { poll: () => "flood" },
    "oversized-submit": { submit: () => "accept-then-flood" },
    "gzip-bomb-poll": { poll: () => "gzip-bomb" },
    // The first submit is redirected to the same URL; a client that cannot send the body again fails.
    "redirect-307-submit": { submit: (n) => n === 1 && "redirect-307" },
    "redirect-308-submit": { submit: (n) => n === 1 && "redirect-308" },
    // A proxy page that quotes the request's Authorization header back.
    "echo-key-submit": { submit: () => "echo-key-json" },
    "echo-key-poll": { poll: () => "echo-key-html" },
    "invalid-key": {},
    // Served on a GET for the suite to hand to parseWebhookEvent, as a receiver would.
    "hostile-webhook-event": { poll: () => [200, HOSTILE_EVENT] },
  };

  const server = createServer(async (req, res) => {
    const [, fault = "", ...rest] = new URL(req.url ?? "/", "http://x").pathname.split("/");
    const path = `/${rest.join("/")}`;
    const plan = FAULTS[fault.split(".")[0]];
    if (!plan) return json(res, 404, envelope(404, "API_NOT_FOUND"));
    const s = stat(fault);
    const isSubmit = req.method === "POST";
    const n = isSubmit ? ++s.submits : ++s.polls;
    const step = (isSubmit ? plan.submit : plan.poll)?.(n);
    if (step === "reset-before-read") return req.socket.destroy();
    const hang = () => {
      s.hanging++;
      req.socket.once("close", () => s.hanging--);
    };
    if (step === "hang") return hang();
    if (step === "flood") return flood(res, 200 * MB);
    if (step === "gzip-bomb") {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      return res.end(bomb);
    }
    if (step?.startsWith?.("redirect-")) {
      res.writeHead(Number(step.slice(-3)), { location: req.url });
      return res.end();
    }
    const auth = req.headers.authorization ?? "";
    if (step === "echo-key-json") {
      const echoed = { code: 401, reason: "UNAUTHORIZED", message: `bad ${auth}`, metadata: { authorization: auth } };
      return json(res, 401, echoed);
    }
    if (step === "echo-key-html") {
      res.writeHead(502, { "content-type": "text/html" });
      return res.end(`<html><body><h1>502</h1><pre>Authorization: ${auth}</pre></body></html>`);
    }
    let body = "";
    for await (const chunk of req) body += chunk;
    const accept = () => ++s.accepted && `task-${fault}-${s.accepted}`;
    if (step === "accept-then-reset") return accept() && req.socket.destroy();
    if (step === "accept-then-hang") return void (accept() && hang());
    if (step === "accept-then-flood") return accept() && flood(res, 200 * MB);
    if (step === "accept-then-500") return accept() && json(res, 500, envelope(500, "CREATE_TASK_FAILED"));
    if (step === "truncate") {
      res.writeHead(200, { "content-type": "application/json", "content-length": "500" });
      res.write('{"task": {"task_id"');
      return setTimeout(() => req.socket.destroy(), 10);
    }
    if (Array.isArray(step)) {
      const [status, payload, headers] = step;
      if (typeof payload === "string") {
        res.writeHead(status, { "content-type": payload.startsWith("<") ? "text/html" : "application/json" });
        return res.end(payload);
      }
      return json(res, status, payload, headers);
    }
    if (isSubmit) {
      JSON.parse(body);
      return json(res, 200, { task_id: accept() });
    }
    if (path === "/v3/async/task-result")
      return json(res, 200, succeeded(new URL(req.url, "http://x").searchParams.get("task_id")));
    return json(res, 404, envelope(404, "API_NOT_FOUND"));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: (fault) => `http://127.0.0.1:${port}/${fault}`,
        stats: (fault) => stat(fault),
        faults: Object.keys(FAULTS),
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(done);
          }),
      });
    });
  });
}
