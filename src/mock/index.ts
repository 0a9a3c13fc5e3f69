// novita-vidu/mock: the whole mock API as one fetch handler, `(request: Request) => Promise<Response>`.
// It runs wherever fetch does (no `node:` import): under node:http (`novita-vidu mock`, `npm start`,
// `startMockServer` from novita-vidu/mock/node), under MSW in a browser, or called in-process by tests.
// What it serves comes from the spec: the operations, their parameters, the request validators and
// the examples are generated modules, so an endpoint added to spec/ is mocked with no change here.
import { TASK_RESULT_PATH } from "../../generated/constants.js";
import { EXAMPLES, OPERATIONS, type Operation } from "../../generated/operations.js";
import { type RequestBodyPath, type ValidationIssue, validateRequestBody } from "../../generated/validators.js";
import {
  json,
  METHODS,
  nestsDeeperThan,
  notImplemented,
  notFoundText,
  preflight,
  readText,
  refuse,
  sendBytes,
  DEEPEST_BODY,
  LARGEST_BODY_BYTES,
} from "./http.js";
import {
  createTask,
  DEFAULT_FAILURE_CODE,
  DEFAULT_TIMINGS,
  requestedFailure,
  taskResultAt,
  TaskStore,
  type Timings,
  uuid,
} from "./tasks.js";
import { mockVideo } from "./video.js";
import { FALLBACK } from "../../generated/mock-videos.js";
import { checkCount, checkMs, hasOwn } from "./bounds.js";
import { checkWebhookOptions, type WebhookOptions, WebhookSchedule } from "./webhooks.js";

export { DEFAULT_FAILURE_CODE, DEFAULT_TIMINGS, type TaskResult, type Timings } from "./tasks.js";
export { webhookEvent, type WebhookAttempt, type WebhookOptions } from "./webhooks.js";
export type { NovitaError } from "./http.js";

export interface MockOptions {
  /** How long each task is queued, then processing, in ms (each up to 2^31-1). Default `{ queuedMs: 2000, processingMs: 6000 }`. */
  timings?: Partial<Timings>;
  /** The time tasks age by, in ms since the epoch. Default `Date.now` (which fake timers also move). */
  clock?: () => number;
  /** The origin that `video_url`s point to. Default: the origin of each request's URL. */
  baseUrl?: string;
  /** A delay before every answer, in ms up to 60 000; a request's `X-Mock-Latency` header overrides it (held to the same range). Default 0. */
  latencyMs?: number;
  /** Refuse submits with `429 RATE_LIMIT_EXCEEDED` past `requests` per model per `windowMs` (default 60 000). */
  rateLimit?: { requests: number; windowMs?: number };
  /** How webhook events are delivered (to `extra.webhook.url` of a submit). */
  webhooks?: WebhookOptions;
  /** How many tasks are kept (at least 1); the oldest are forgotten first. Default 10 000. */
  maxTasks?: number;
}

/** The mock: a fetch handler, and `close()` to stop the webhook deliveries under way. */
export interface MockHandler {
  (request: Request): Promise<Response>;
  /** Stops pending webhook deliveries and their timers; the handler still answers afterwards. */
  close(): void;
  /** Resolves when every webhook delivery started so far has ended (delivered or given up). */
  settled(): Promise<void>;
}

const FAILED = "TASK_STATUS_FAILED";
const LATEST_LATENCY_MS = 60_000;
const ISSUES_SHOWN = 20; // a body with a million unknown fields gets a readable answer

const bearerKey = (header: string | null) => /^bearer\s+(\S.*)$/i.exec(header ?? "")?.[1]?.trim();
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The options' timings, with every duration and count checked: a bad one throws a RangeError naming it. */
function resolveOptions(options: MockOptions): Timings {
  const timings = { ...DEFAULT_TIMINGS, ...options.timings };
  for (const [name, ms] of Object.entries(timings)) checkMs(`timings.${name}`, ms);
  if (options.latencyMs !== undefined) checkMs("latencyMs", options.latencyMs, 0, LATEST_LATENCY_MS);
  if (options.maxTasks !== undefined) checkCount("maxTasks", options.maxTasks, 1);
  if (options.rateLimit) {
    checkCount("rateLimit.requests", options.rateLimit.requests);
    // A window is compared with the clock, never waited for: any span up to the safe integers.
    const { windowMs } = options.rateLimit;
    if (windowMs !== undefined) checkMs("rateLimit.windowMs", windowMs, 1, Number.MAX_SAFE_INTEGER);
  }
  checkWebhookOptions(options.webhooks ?? {});
  return timings;
}

/** `Prefer: code=429, example=rateLimitExceeded` → `{ code: "429", example: "rateLimitExceeded" }`. */
function preference(header: string | null): { code?: string; example?: string } {
  const out: Record<string, string> = {};
  for (const [, name, value] of (header ?? "").matchAll(/\b(code|example)=("[^"]*"|[^\s,;]+)/g))
    out[name!] = value!.replace(/^"|"$/g, "");
  return out;
}

/** The problems of a request's parameters, in the validators' words. */
function parameterIssues(operation: Operation, url: URL): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const p of operation.parameters) {
    if (p.in !== "query") continue;
    const value = url.searchParams.get(p.name);
    const issue = (rule: string, text: string) => issues.push({ field: p.name, rule, message: `${p.name} ${text}` });
    if (value === null) {
      if (p.required) issue("required", "is required");
      continue;
    }
    const length = [...value].length;
    if (p.minLength !== undefined && length < p.minLength)
      issue("minLength", `must be at least ${p.minLength} characters long`);
    if (p.maxLength !== undefined && length > p.maxLength)
      issue("maxLength", `must be at most ${p.maxLength} characters long`);
    if (p.enum && !p.enum.includes(value)) issue("enum", `must be one of ${p.enum.join(", ")}`);
  }
  return issues;
}

/** `400 INVALID_REQUEST_BODY` naming each problem; `X-Mock-Violations` lists them as `{ field, rule }`. */
function invalid(issues: ValidationIssue[], what = "request body") {
  const shown = issues.slice(0, ISSUES_SHOWN);
  const more = issues.length - shown.length;
  const message = `Invalid ${what}: ${shown.map((i) => i.message).join("; ")}${more > 0 ? `; and ${more} more problems` : ""}.`;
  const violations = JSON.stringify(shown.map(({ field, rule }) => ({ field, rule })));
  return refuse(400, "INVALID_REQUEST_BODY", message, { "X-Mock-Violations": violations });
}
const unreadable = (field: string, rule: string, text: string) =>
  invalid([{ field, rule, message: text }], "request body");

/** Creates the mock. Each call has its own tasks: two handlers share nothing. */
export function createMockHandler(options: MockOptions = {}): MockHandler {
  const timings = resolveOptions(options);
  const clock = options.clock ?? Date.now;
  const tasks = new TaskStore(options.maxTasks);
  const submitsByModel = new Map<string, { windowStart: number; count: number }>();
  const webhooks = new WebhookSchedule(options.webhooks ?? {}, clock, tasks.capacity);

  const example = (operation: Operation, status: string, name?: string): unknown => {
    // `status` and `name` come from a request's Prefer header: own keys only (`constructor` names no example).
    const named = hasOwn(operation.responses, status) ? operation.responses[status]! : {};
    const key = name === undefined ? Object.values(named)[0] : hasOwn(named, name) ? named[name] : undefined;
    return key === undefined ? undefined : structuredClone(EXAMPLES[key]);
  };

  function rateLimited(model: string): boolean {
    if (!options.rateLimit) return false;
    const { requests, windowMs = 60_000 } = options.rateLimit;
    const now = clock();
    const window = submitsByModel.get(model);
    if (!window || now - window.windowStart >= windowMs) {
      submitsByModel.set(model, { windowStart: now, count: 1 });
      return requests < 1;
    }
    return ++window.count > requests;
  }

  async function submit(request: Request, operation: Operation, base: string): Promise<Response> {
    const type = request.headers.get("content-type") ?? "";
    const text = await readText(request);
    if (text === undefined)
      return unreadable("(body)", "maxBodyBytes", `the body must be at most ${LARGEST_BODY_BYTES} bytes`);
    if (text === "") return unreadable("(body)", "required", "the body is required");
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type))
      return unreadable("(body)", "contentType", "the body must be JSON (Content-Type: application/json)");
    if (nestsDeeperThan(text))
      return unreadable("(body)", "depth", `the body must not nest more than ${DEEPEST_BODY} levels deep`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return unreadable("(body)", "json", "the body is not valid JSON");
    }
    const issues = validateRequestBody(operation.path as RequestBodyPath, body);
    if (issues.length > 0) return invalid(issues);
    const fields = body as Record<string, unknown>;
    const model = operation.model ?? operation.path;
    if (rateLimited(model)) return json(429, example(operation, "429") ?? { code: 429, reason: "RATE_LIMIT_EXCEEDED" });

    const failure = requestedFailure(request.headers.get("x-mock-fail"), fields["prompt"]);
    if (failure.error) return unreadable("X-Mock-Fail", "failureCode", failure.error);
    const webhook = isObject(fields["extra"]) && isObject(fields["extra"]["webhook"]) ? fields["extra"]["webhook"] : {};
    // Novita's test mode: the task ends at once, with the status asked for.
    const testMode = isObject(webhook["test_mode"]) && webhook["test_mode"]["enabled"] === true;
    const failsInTest = testMode && (webhook["test_mode"] as Record<string, unknown>)["return_task_status"] === FAILED;
    const task = createTask({
      model,
      body: fields,
      failureCode: failure.code ?? (failsInTest ? DEFAULT_FAILURE_CODE : undefined),
      timings: testMode ? { queuedMs: 0, processingMs: 0 } : timings,
      now: clock(),
    });
    tasks.add(task);
    if (typeof webhook["url"] === "string") {
      webhooks.add(task, webhook["url"], `${base}/videos/${task.id}.mp4`);
    }
    // The spec's answer, with fresh ids: `task_id` is the task's, any other `…_id` a new one.
    const answer = example(operation, "200");
    const fresh = Object.fromEntries(
      Object.entries(isObject(answer) ? answer : {}).map(([k, v]) => [k, k.endsWith("_id") ? uuid() : v]),
    );
    return json(200, { ...fresh, task_id: task.id });
  }

  function taskResult(request: Request, url: URL, base: string): Response {
    const id = url.searchParams.get("task_id") ?? "";
    const task = tasks.get(id);
    if (!task) return refuse(404, "TASK_NOT_FOUND", `No task has the id ${JSON.stringify(id)}.`);
    return json(200, taskResultAt(task, clock(), `${base}/videos/${task.id}.mp4`));
  }

  /** A task-result example with a video that plays offline, picked with `Prefer: example=<name>`. */
  function exampleResult(value: unknown, base: string): unknown {
    if (!isObject(value) || !Array.isArray(value["videos"])) return value;
    const videos = value["videos"].map((v: unknown) => ({ ...(v as object), video_url: `${base}/videos/sample.mp4` }));
    return { ...value, videos };
  }

  function video(request: Request, id: string): Response {
    if (id === "sample") return sendBytes(request, mockVideo(FALLBACK), "video/mp4");
    const task = tasks.get(id);
    const done = task && taskResultAt(task, clock(), "").task.status === "TASK_STATUS_SUCCEED";
    if (!done) return notFoundText(`No video at /videos/${id}.mp4 (yet).\n`);
    return sendBytes(request, mockVideo(task.video), "video/mp4");
  }

  async function answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const base = (options.baseUrl ?? url.origin).replace(/\/+$/, "");
    const method = request.method.toUpperCase();
    if (!METHODS.includes(method)) return notImplemented(method);
    if (method === "OPTIONS") return preflight();
    const videoId = /^\/videos\/([\w-]+)\.mp4$/.exec(url.pathname)?.[1];
    if (videoId && (method === "GET" || method === "HEAD")) return video(request, videoId);

    const operation = OPERATIONS.find((o) => o.path === url.pathname && o.method === method);
    if (!operation) return refuse(404, "API_NOT_FOUND", `No API answers ${method} ${url.pathname}.`);
    if (operation.auth && !bearerKey(request.headers.get("authorization")))
      return refuse(400, "MISSING_API_KEY", "Missing API key: send the header `Authorization: Bearer <key>`.");

    const prefer = preference(request.headers.get("prefer"));
    if (prefer.code !== undefined || prefer.example !== undefined) {
      const status = prefer.code ?? "200";
      const value = example(operation, status, prefer.example);
      if (value === undefined) {
        const known = Object.entries(operation.responses).flatMap(([s, named]) =>
          Object.keys(named).map((name) => (s === "200" ? name : `${name} (code=${s})`)),
        );
        const asked = [prefer.code && `code=${prefer.code}`, prefer.example && `example=${prefer.example}`];
        const message = `${operation.method} ${operation.path} has no example for ${asked.filter(Boolean).join(", ")}; it has: ${known.join(", ")}.`;
        return refuse(404, "NOT_FOUND", message);
      }
      const body = operation.path === TASK_RESULT_PATH ? exampleResult(value, base) : value;
      return json(Number(status), body);
    }

    const issues = parameterIssues(operation, url);
    if (issues.length > 0) return invalid(issues, "request");
    if (operation.requestBody && operation.method === "POST") return submit(request, operation, base);
    if (operation.path === TASK_RESULT_PATH) return taskResult(request, url, base);
    return json(200, example(operation, "200") ?? {});
  }

  const handler = async (request: Request): Promise<Response> => {
    webhooks.check();
    const header = request.headers.get("x-mock-latency");
    const latency = Math.min(LATEST_LATENCY_MS, Math.max(0, Number(header ?? options.latencyMs ?? 0) || 0));
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    try {
      return await answer(request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return refuse(500, "MOCK_ERROR", `The mock failed: ${message}`);
    }
  };
  return Object.assign(handler, {
    close() {
      webhooks.close();
    },
    async settled() {
      await webhooks.settled();
    },
  });
}
