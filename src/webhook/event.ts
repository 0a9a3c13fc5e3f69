// Reading the event Novita POSTs to `extra.webhook.url` when a task ends. The event arrives unsigned
// from the network, so it is checked before use: against the structure the spec gives it (types,
// required fields, `event_type`), and no further, because answers are open to values added later.
import { WEBHOOK, type Shape } from "../../generated/webhook.js";
import type { components } from "../../generated/schema.js";
import { ViduValidationError, type ValidationIssue } from "../client/errors.js";

/** What Novita POSTs when a task ends: `{ event_type: "ASYNC_TASK_RESULT", payload: <task result> }`. */
export type WebhookEvent = components["schemas"]["WebhookEvent"];

/** A hostile event (500,000 bad items) costs no more than this many issues, and its message this many characters. */
export const MAX_EVENT_ISSUES = 20;
export const MAX_EVENT_MESSAGE_CHARS = 2000;

const kind = (v: unknown) =>
  v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;
const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** The issues found so far; `full` once there are MAX_EVENT_ISSUES, when the walk stops. */
class Issues {
  readonly list: ValidationIssue[] = [];
  full = false;
  add(issue: ValidationIssue) {
    if (this.list.length < MAX_EVENT_ISSUES) this.list.push(issue);
    else this.full = true;
  }
}

function check(value: unknown, shape: Shape, field: string, issues: Issues) {
  if (issues.full) return;
  const fail = (rule: string, text: string) =>
    issues.add({ field: field || "(body)", rule, message: `${field || "the event"} ${text}` });
  const type = kind(value);
  if (shape.type && !shape.type.includes(type) && !(type === "integer" && shape.type.includes("number")))
    return fail("type", `must be ${shape.type.map(article).join(" or ")}`);
  if (shape.const !== undefined && value !== shape.const)
    return fail("const", `must be ${JSON.stringify(shape.const)}`);
  if (type === "object") {
    const object = value as Record<string, unknown>;
    const at = (name: string) => (field ? `${field}.${name}` : name);
    for (const name of shape.required ?? [])
      if (object[name] === undefined)
        issues.add({ field: at(name), rule: "required", message: `${at(name)} is required` });
    for (const [name, sub] of Object.entries(shape.properties ?? {}))
      if (object[name] !== undefined) check(object[name], sub, at(name), issues);
  }
  if (type === "array" && shape.items) {
    const items = value as unknown[];
    for (let i = 0; i < items.length && !issues.full; i++) check(items[i], shape.items, `${field}[${i}]`, issues);
  }
}

/** The error's message: every issue found, held to MAX_EVENT_MESSAGE_CHARS. */
function describe({ list, full }: Issues): string {
  const text = `webhook event: ${list.map((issue) => issue.message).join("; ")}${full ? `; and more (only the first ${MAX_EVENT_ISSUES} problems are listed)` : ""}`;
  return text.length <= MAX_EVENT_MESSAGE_CHARS ? text : `${text.slice(0, MAX_EVENT_MESSAGE_CHARS - 1)}…`;
}

/**
 * Reads a webhook event: the raw body (a string or bytes) or the parsed JSON. Returns it typed, or throws a
 * ViduValidationError naming each problem. No signature is documented, so confirm the result with
 * `GET /v3/async/task-result` before acting on it; deliveries are retried, so handle each task id once.
 */
export function parseWebhookEvent(body: unknown): WebhookEvent {
  let event = body;
  if (typeof body === "string" || body instanceof Uint8Array || body instanceof ArrayBuffer) {
    const text = typeof body === "string" ? body : new TextDecoder().decode(body);
    try {
      event = JSON.parse(text);
    } catch {
      const issues = [{ field: "(body)", rule: "json", message: "the event is not valid JSON" }];
      throw new ViduValidationError("webhook event: the event is not valid JSON", { subject: "webhook event", issues });
    }
  }
  const issues = new Issues();
  check(event, WEBHOOK.shape, "", issues);
  if (issues.list.length > 0)
    throw new ViduValidationError(describe(issues), { subject: "webhook event", issues: issues.list });
  return event as WebhookEvent;
}
