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
export { sniffImageFormat, toImageInput, type ImageSource } from "./inputs/image.js";
export type { TaskResult, TaskStatus } from "../generated/schema.js";
export { TASK_FAILURE_CODES } from "../generated/constants.js";
export { parseWebhookEvent, type WebhookEvent } from "./webhook/event.js";
export { check, failureMeaning, isModelKey, isTaskFailureCode, parse, type TaskFailureCode } from "./client/guards.js";
export {
  createWebhookHandler,
  lruSeenStore,
  type SeenStore,
  type WebhookDelivery,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from "./webhook/handler.js";
export { fetchVideo } from "./download/core.js";
export { sniffVideoType } from "./download/sniff.js";
export type { FetchVideoOptions, TaskResultReader, TaskVideo, VideoDownload, VideoSource } from "./download/options.js";
export { ViduDownloadError, type DownloadFailure } from "./download/errors.js";
