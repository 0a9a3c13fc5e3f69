// novita-vidu/lean: the client for an app that names the models it calls. `run` and `submit` take a
// model's descriptor (`import { viduQ3TurboI2V } from "novita-vidu/models"`), so the bundle holds
// that model's validator and no other. It sends as the full client does: through openapi-fetch
// over the one transport (src/transport/transport.ts). This is also every export both entries share.
import { createClientCore, type ViduClientOptions } from "./client/core.js";
import { descriptorOnly, type BodyOf, type ModelDescriptor } from "./client/models.js";

export {
  type Progress,
  type SubmitOptions,
  type ViduApi,
  type ViduClientOptions,
  type WaitOptions,
} from "./client/core.js";
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

type Core = ReturnType<typeof createClientCore>;

/** A client of the models passed to it as descriptors: no model known by key alone. */
export interface LeanViduClient {
  submit<D extends ModelDescriptor>(
    model: D,
    body: BodyOf<D>,
    options?: Parameters<Core["submit"]>[2],
  ): ReturnType<Core["submit"]>;
  run<D extends ModelDescriptor>(
    model: D,
    body: BodyOf<D>,
    options?: Parameters<Core["run"]>[2],
  ): ReturnType<Core["run"]>;
  wait: Core["wait"];
  getResult: Core["getResult"];
  /** The typed openapi-fetch client that `submit` and `wait` send with: its middleware (`use`) sees every request. */
  api: Core["api"];
}

/** Creates a client whose `run`/`submit` take model descriptors, as imported from `novita-vidu/models`. */
export function createViduClient(options: ViduClientOptions = {}): LeanViduClient {
  return createClientCore(options, descriptorOnly);
}
