// The core entry: runs in Node 20+, browsers, Deno, Bun and workers (no `node:` import).
export { type Progress, type SubmitOptions, type ViduClientOptions, type WaitOptions } from "./client/core.js";
export { createViduClient, type ViduClient } from "./client/full.js";
export type { BodyOf, ModelBody, ModelDescriptor, ModelKey } from "./client/models.js";
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
} from "./client/errors.js";
export type { RetryOptions } from "./transport/transport.js";
export { sniffImageFormat, toImageInput, type ImageLimits, type ImageSource } from "./inputs/image.js";
export type { TaskResult, TaskStatus } from "../generated/schema.js";
export { IMAGE_LIMITS, TASK_FAILURE_CODES } from "../generated/constants.js";
export { parseWebhookEvent, type WebhookEvent } from "./webhook/event.js";
