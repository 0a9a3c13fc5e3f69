// The core entry: runs in Node 20+, browsers, Deno, Bun and workers (no `node:` import).
export {
  createViduClient,
  type ModelBody,
  type ModelKey,
  type Progress,
  type SubmitOptions,
  type ViduClient,
  type ViduClientOptions,
  type WaitOptions,
} from "./client.js";
export {
  ViduAbortError,
  ViduApiError,
  ViduConnectionError,
  ViduError,
  ViduTaskFailedError,
  ViduTimeoutError,
  ViduValidationError,
  ViduWaitTimeoutError,
  type ValidationIssue,
} from "./errors.js";
export type { RetryOptions } from "./exchange.js";
export { sniffImageFormat, toImageInput, type ImageSource } from "./inputs.js";
export type { TaskResult, TaskStatus } from "../generated/schema.js";
export { TASK_FAILURE_CODES } from "../generated/constants.js";
export { parseWebhookEvent, type WebhookEvent } from "./webhook.js";
