// The client's model keys and bodies come from the generated `paths` type.
import { describe, expectTypeOf, it } from "vitest";
import { createViduClient, type ModelBody, type ModelKey, type TaskResult } from "../../src/index.js";
import type { MODELS } from "../../generated/constants.js";
import type { ViduQ2ProFastRequest, ViduQ3TurboI2VRequest } from "../../generated/schema.js";

const vidu = createViduClient({ apiKey: "k" });
const image = "https://example.com/a.png";

describe("model keys", () => {
  it("are the last segments of the spec's generation paths", () => {
    // The generated MODELS table lists the same endpoints, read from the spec by another route.
    expectTypeOf<ModelKey>().toEqualTypeOf<keyof typeof MODELS>();
    expectTypeOf<ModelBody<"vidu-q3-turbo-i2v">>().toEqualTypeOf<ViduQ3TurboI2VRequest>();
    expectTypeOf<ModelBody<"viduq2-pro-fast">>().toEqualTypeOf<ViduQ2ProFastRequest>();
  });
});

describe("submit and run", () => {
  it("take each model's own body", () => {
    expectTypeOf(vidu.submit("vidu-q3-turbo-i2v", { images: [image] })).resolves.toEqualTypeOf<{ task_id: string }>();
    expectTypeOf(
      vidu.run("vidu-q2-turbo-img2video", { images: [image], prompt: "p", duration: 5 }),
    ).resolves.toEqualTypeOf<TaskResult>();
    expectTypeOf(vidu.wait("t")).resolves.toEqualTypeOf<TaskResult>();
  });

  it("refuse an unknown model, another model's body, and wrong field types", () => {
    // @ts-expect-error not a model of the spec
    void vidu.submit("vidu-q9", { images: [image] });
    // @ts-expect-error a Q3 body lacks Q2 Turbo's required prompt and duration
    void vidu.submit("vidu-q2-turbo-img2video", { images: [image] });
    // @ts-expect-error duration is a number
    void vidu.run("vidu-q3-turbo-i2v", { images: [image], duration: "8" });
    // @ts-expect-error Q2 Pro Fast has no 540p
    void vidu.run("viduq2-pro-fast", { prompt: "p", duration: 5, subjects: [], resolution: "540p" });
  });

  it("give onProgress a typed progress", () => {
    void vidu.wait("t", {
      onProgress: (progress) => {
        expectTypeOf(progress.percent).toEqualTypeOf<number | undefined>();
        expectTypeOf(progress.taskId).toEqualTypeOf<string>();
      },
    });
  });

  it("expose the typed openapi-fetch client", () => {
    expectTypeOf(vidu.api.GET).toBeFunction();
  });
});
