// The guards narrow what arrives as `string` or `unknown` to the spec's types; without them the same
// code does not compile. The back-end helpers take what a task result holds.
import { describe, expectTypeOf, it } from "vitest";
import {
  check,
  createWebhookHandler,
  failureMeaning,
  fetchVideo,
  isModelKey,
  isTaskFailureCode,
  parse,
  TASK_FAILURE_CODES,
  type ModelBody,
  type ModelKey,
  type TaskFailureCode,
  type TaskResult,
  type TaskResultReader,
  type TaskVideo,
  type WebhookDelivery,
  type ViduTaskFailedError,
} from "../../src/index.js";
import { downloadVideo, type SavedVideo } from "../../src/node.js";
import { allModels, viduQ2TurboImg2Video } from "../../generated/models/index.js";

declare const fromConfig: string;
declare const fromForm: unknown;
declare const failureCode: string | undefined;
declare const failed: ViduTaskFailedError;
declare const result: TaskResult;
declare const video: TaskVideo;
declare const client: { getResult(taskId: string): Promise<TaskResult> };

describe("isModelKey", () => {
  it("narrows a string to a model key, and indexing allModels needs it", () => {
    // @ts-expect-error a string is not a model key
    void allModels[fromConfig];
    if (isModelKey(fromConfig)) {
      expectTypeOf(fromConfig).toEqualTypeOf<ModelKey>();
      expectTypeOf(allModels[fromConfig].key).toEqualTypeOf<ModelKey>();
    }
  });
});

describe("check and parse", () => {
  it("narrow a body to its model's body type", () => {
    if (check(viduQ2TurboImg2Video, fromForm)) {
      expectTypeOf(fromForm).toEqualTypeOf<ModelBody<"vidu-q2-turbo-img2video">>();
      expectTypeOf(fromForm.duration).toEqualTypeOf<ModelBody<"vidu-q2-turbo-img2video">["duration"]>();
    }
    expectTypeOf(parse(viduQ2TurboImg2Video, fromForm)).toEqualTypeOf<ModelBody<"vidu-q2-turbo-img2video">>();
    const form = { images: ["https://example.com/a.png"], prompt: "p", duration: Number("5") };
    // @ts-expect-error a number is not the model's duration type
    const typed: ModelBody<"vidu-q2-turbo-img2video"> = form;
    void typed;
    const parsed: ModelBody<"vidu-q2-turbo-img2video"> = parse(viduQ2TurboImg2Video, form);
    void parsed;
  });

  it("keep a union of the models' bodies for a descriptor picked at run time", () => {
    if (isModelKey(fromConfig))
      expectTypeOf(parse(allModels[fromConfig], fromForm)).toEqualTypeOf<ModelBody<ModelKey>>();
  });
});

describe("failure codes", () => {
  it("look up under strict only through the guard or failureMeaning", () => {
    // @ts-expect-error a string | undefined cannot index TASK_FAILURE_CODES
    void TASK_FAILURE_CODES[failureCode];
    if (isTaskFailureCode(failureCode)) {
      expectTypeOf(failureCode).toEqualTypeOf<TaskFailureCode>();
      expectTypeOf(TASK_FAILURE_CODES[failureCode]).toBeString();
    }
    expectTypeOf(failureMeaning(failureCode)).toEqualTypeOf<string | undefined>();
  });

  it("is one of the table's on a task failure, so its meaning is looked up directly", () => {
    expectTypeOf(failed.failureCode).toEqualTypeOf<TaskFailureCode | undefined>();
    if (failed.failureCode) expectTypeOf(TASK_FAILURE_CODES[failed.failureCode]).toBeString();
  });
});

describe("the back-end helpers", () => {
  it("download a task result, a video or a URL; nothing else", () => {
    expectTypeOf(downloadVideo(result, "v.mp4")).resolves.toEqualTypeOf<SavedVideo>();
    void downloadVideo(video, "v.mp4", { overwrite: true, client, taskId: "t" });
    void fetchVideo("https://example.com/v.mp4", { onProgress: (bytes, total) => void [bytes, total] });
    expectTypeOf(client).toMatchTypeOf<TaskResultReader>();
    // @ts-expect-error a number is no video source
    void downloadVideo(42, "v.mp4");
    // @ts-expect-error overwrite is a boolean
    void downloadVideo(result, "v.mp4", { overwrite: "yes" });
  });

  it("hand onEvent a typed delivery, and take a client to confirm with", () => {
    const handler = createWebhookHandler({
      confirm: client,
      onEvent: (delivery) => expectTypeOf(delivery).toEqualTypeOf<WebhookDelivery>(),
    });
    expectTypeOf(handler).toBeCallableWith(new Request("http://x.test"));
    // @ts-expect-error onEvent is required
    createWebhookHandler({});
  });
});
