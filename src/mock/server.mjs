// The mock Vidu API: Prism validates every request against the spec, and this layer in front of it
// (plain node:http) gives Prism's stateless answers a life: each accepted submit becomes a task that
// moves from queued through processing to succeeded (or failed), ending with a video the mock serves.
import http from "node:http";
import { MAX_BODY_BYTES, MODELS, TASK_RESULT_PATH } from "../../generated/constants.js";
import { fitForPrism, startPrism } from "./prism.mjs";
import { novitaError, translateRefusal } from "./refusals.mjs";
import { DOCS_PAGE, SAMPLE_VIDEO, SPEC_FILES, sendDocs, sendFile } from "./static.mjs";
import { DEFAULT_TIMINGS, TaskStore, createTask, requestedFailure, taskResultAt } from "./tasks.mjs";

/**
 * @typedef {import("./tasks.mjs").Timings} Timings
 * @typedef {object} MockServerOptions
 * @property {number} [port] Port to listen on; 0 picks a free one. Default 4010.
 * @property {string} [host] Address to listen on. Default `127.0.0.1`.
 * @property {Partial<Timings>} [timings] How long a task is queued and processing, in milliseconds.
 *   Default `{ queuedMs: 2000, processingMs: 6000 }`.
 * @property {string} [prismUrl] A Prism already serving the bundled spec, to use instead of starting
 *   one (it is then left running by `close()`). Default: start one on a free port of 127.0.0.1.
 * @property {() => number} [clock] The time, in milliseconds since the epoch, that tasks age by. Default `Date.now`.
 * @property {(line: string) => void} [log] Called with one line per request answered. Default: silent.
 * @property {string} [docsPage] The page served at /docs. Default `generated/docs/index.html`.
 *
 * @typedef {object} MockServer
 * @property {string} url The mock API's base URL, such as `http://127.0.0.1:4010`.
 * @property {string} prismUrl Where the Prism behind it listens.
 * @property {() => Promise<void>} close Stops the server and the Prism it started; safe to call twice.
 */

/** Accepted model paths, by path: `/v3/async/vidu-q3-turbo-i2v` → `vidu-q3-turbo-i2v`. */
const MODEL_BY_PATH = new Map(Object.entries(MODELS).map(([model, { path }]) => [path, model]));
const LARGEST_BODY_READ = 64 * 1024 * 1024; // beyond any documented limit; protects the mock's memory
// `*` lets front ends send any other header; Authorization must be named (the wildcard excludes it).
const PREFLIGHT_HEADERS = {
  "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type, Prefer, X-Mock-Fail, *",
  "Access-Control-Max-Age": "600",
};

/** The key of `Authorization: Bearer <key>` (the scheme's case does not matter), or undefined. */
const bearerKey = (/** @type {string | undefined} */ header) => /^bearer\s+(\S.*)$/i.exec(header ?? "")?.[1]?.trim();

/** @param {Partial<Timings>} [timings] @returns {Timings} */
function resolveTimings(timings = {}) {
  const resolved = { ...DEFAULT_TIMINGS, ...timings };
  for (const [name, ms] of Object.entries(resolved)) {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`timings.${name} must be a number of milliseconds ≥ 0`);
  }
  return resolved;
}

/** @param {http.IncomingMessage} req @returns {Promise<Buffer | undefined>} undefined when larger than allowed */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= LARGEST_BODY_READ) chunks.push(chunk);
  }
  return size <= LARGEST_BODY_READ ? Buffer.concat(chunks) : undefined;
}

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

/**
 * Starts the mock Vidu API (and, unless `prismUrl` is given, the Prism behind it).
 * @param {MockServerOptions} [options]
 * @returns {Promise<MockServer>}
 */
export async function startMockServer(options = {}) {
  const { port = 4010, host = "127.0.0.1", clock = Date.now, log = () => {}, docsPage = DOCS_PAGE } = options;
  const timings = resolveTimings(options.timings);
  const tasks = new TaskStore();
  /** @type {Promise<import("./prism.mjs").PrismProcess> | undefined} */
  let prismStarting;
  /** @type {(url: string) => void} */
  let prismListens = () => {};
  /** Prism's URL, once it listens: requests that arrive before wait for it. @type {Promise<string>} */
  const prismReady = new Promise((resolve) => (prismListens = resolve));

  /** The mock's own URL, once it listens. */
  let baseUrl = "";
  /** Notes that the request log adds to a response's line. @type {WeakMap<http.ServerResponse, string>} */
  const notes = new WeakMap();

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url */
  async function forwardToPrism(req, res, url) {
    const method = req.method ?? "GET";
    const body = await readBody(req);
    if (!body)
      return sendJson(res, 400, novitaError(400, "INVALID_REQUEST_BODY", "Invalid request body: it is too large."));
    const key = bearerKey(req.headers.authorization);
    /** @type {Record<string, string>} */
    const headers = {};
    if (key) headers["authorization"] = `Bearer ${key}`;
    if (req.headers["content-type"]) headers["content-type"] = req.headers["content-type"];
    if (req.headers.prefer) headers["prefer"] = req.headers.prefer;
    const sendsBody = method !== "GET" && method !== "HEAD" && body.length > 0;
    const prism = await fetch(`${await prismReady}${url.pathname}${url.search}`, {
      method,
      headers,
      ...(sendsBody && { body: fitForPrism(body) }),
    });
    const prismBody = await prism.text();

    if (!prism.ok) {
      const refusal = translateRefusal({
        status: prism.status,
        violations: prism.headers.get("sl-violations"),
        body: prismBody,
        method,
        pathname: url.pathname,
      });
      return refusal ? sendJson(res, refusal.status, refusal.body) : sendJson(res, prism.status, JSON.parse(prismBody));
    }
    const answer = JSON.parse(prismBody);
    const model = MODEL_BY_PATH.get(url.pathname);
    if (model && method === "POST") return acceptSubmit(req, res, model, url.pathname, body, answer);
    if (url.pathname === TASK_RESULT_PATH) return answerTaskResult(req, res, url, answer);
    sendJson(res, prism.status, answer);
  }

  /**
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res
   * @param {string} model @param {string} path @param {Buffer} raw @param {Record<string, unknown>} answer
   */
  function acceptSubmit(req, res, model, path, raw, answer) {
    const limit = MAX_BODY_BYTES[/** @type {keyof typeof MAX_BODY_BYTES} */ (path)];
    if (limit !== undefined && raw.length > limit) {
      const message = `Invalid request body: it must be at most ${limit} bytes; send large images as URLs.`;
      return sendJson(res, 400, novitaError(400, "INVALID_REQUEST_BODY", message));
    }
    const body = JSON.parse(raw.toString("utf8"));
    const header = req.headers["x-mock-fail"];
    const failure = requestedFailure(Array.isArray(header) ? header[0] : header, body.prompt);
    if (failure.error) return sendJson(res, 400, novitaError(400, "INVALID_REQUEST_BODY", failure.error));
    const task = createTask({ model, body, failureCode: failure.code, timings, now: clock() });
    tasks.add(task);
    notes.set(res, `task ${task.id}${failure.code ? ` (will fail with ${failure.code})` : ""}`);
    sendJson(res, 200, { ...answer, task_id: task.id });
  }

  /**
   * @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url
   * @param {import("./tasks.mjs").TaskResult} example Prism's answer: the example a `Prefer` header picked.
   */
  function answerTaskResult(req, res, url, example) {
    const origin = req.headers.host ? `http://${req.headers.host}` : baseUrl;
    // A client that picks a state with `Prefer: example=…` gets that example, with a video that plays.
    if (/\bexample=/.test(req.headers.prefer ?? "")) {
      const videos = example.videos?.map((video) => ({ ...video, video_url: `${origin}/videos/sample.mp4` }));
      return sendJson(res, 200, { ...example, ...(videos && { videos }) });
    }
    const id = url.searchParams.get("task_id") ?? "";
    const task = tasks.get(id);
    if (!task)
      return sendJson(res, 404, novitaError(404, "TASK_NOT_FOUND", `No task has the id ${JSON.stringify(id)}.`));
    sendJson(res, 200, taskResultAt(task, clock(), `${origin}/videos/${task.id}.mp4`));
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function handle(req, res) {
    res.setHeader("Access-Control-Allow-Origin", "*");
    const url = new URL(req.url ?? "/", "http://mock.invalid");
    if (req.method === "OPTIONS") return void res.writeHead(204, PREFLIGHT_HEADERS).end();
    if (req.method === "GET" || req.method === "HEAD") {
      if (url.pathname === "/") return void res.writeHead(302, { Location: "/docs" }).end();
      if (url.pathname === "/docs" || url.pathname === "/docs/") return sendDocs(req, res, docsPage);
      const spec = SPEC_FILES[/** @type {keyof typeof SPEC_FILES} */ (url.pathname)];
      if (spec) return sendFile(req, res, spec.path, spec.type);
      const video = /^\/videos\/([\w-]+)\.mp4$/.exec(url.pathname)?.[1];
      if (video) {
        const task = tasks.get(video);
        const done = task && taskResultAt(task, clock(), "").task.status === "TASK_STATUS_SUCCEED";
        if (video === "sample" || done) return sendFile(req, res, SAMPLE_VIDEO, "video/mp4");
        return void res.writeHead(404, { "Content-Type": "text/plain" }).end(`No video at ${url.pathname}.\n`);
      }
    }
    return forwardToPrism(req, res, url);
  }

  const server = http.createServer((req, res) => {
    res.on("finish", () => log(`${req.method} ${req.url} → ${res.statusCode} ${notes.get(res) ?? ""}`.trimEnd()));
    handle(req, res).catch((/** @type {unknown} */ error) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, 500, novitaError(500, "MOCK_ERROR", `The mock failed: ${message}`));
      else res.destroy();
    });
  });

  /** @type {Promise<void> | undefined} */
  let closing;
  /** Stops the server, then Prism; every call waits for the same shutdown. */
  const close = () =>
    (closing ??= (async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      const prism = await prismStarting?.catch(() => undefined);
      await prism?.close();
    })());

  try {
    // Listen first: a port in use is reported at once, not after Prism has started.
    await new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve(undefined));
    });
    const address = /** @type {import("node:net").AddressInfo} */ (server.address());
    const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    baseUrl = `http://${shownHost}:${address.port}`;
    prismStarting = options.prismUrl ? undefined : startPrism();
    const prismUrl = options.prismUrl ?? (await prismStarting)?.url ?? "";
    prismListens(prismUrl);
    return { url: baseUrl, prismUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
