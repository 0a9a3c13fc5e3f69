// The generated types accept what the API accepts and refuse, at compile time, what it refuses.
// Each `// @ts-expect-error` covers exactly one line that must not compile: if it compiled, tsc
// would report the directive as unused and the type test would fail.
import { describe, expectTypeOf, it } from "vitest";
import type {
  components,
  paths,
  TaskResult,
  TaskStatus,
  ViduQ2ProFastRequest,
  ViduQ2TurboImg2VideoRequest,
  ViduQ3TurboI2VRequest,
} from "../../generated/schema.js";

const image = "https://example.com/a.png";

describe("Q2 Turbo image to video", () => {
  it("accepts a valid body, minimal or full", () => {
    const minimal: ViduQ2TurboImg2VideoRequest = { images: [image], prompt: "p", duration: 5 };
    const full: ViduQ2TurboImg2VideoRequest = {
      ...minimal,
      resolution: "1080p",
      movement_amplitude: "high",
      seed: 1,
      audio: true,
      voice_id: "v",
      bgm: false,
      is_rec: false,
      off_peak: false,
      watermark: true,
      wm_position: 4,
      wm_url: image,
      callback_url: image,
      payload: "{}",
      extra: { webhook: { url: image, test_mode: { enabled: true, return_task_status: "TASK_STATUS_SUCCEED" } } },
    };
    expectTypeOf(full).toMatchTypeOf<ViduQ2TurboImg2VideoRequest>();
  });

  it("refuses a string duration, an unknown resolution, a missing field, an unknown field", () => {
    const base = { images: [image], prompt: "p" };
    // @ts-expect-error duration is a number of seconds
    const stringDuration: ViduQ2TurboImg2VideoRequest = { ...base, duration: "5" };
    // @ts-expect-error duration is 1 to 10
    const longDuration: ViduQ2TurboImg2VideoRequest = { ...base, duration: 11 };
    // @ts-expect-error 4k is not a resolution
    const fourK: ViduQ2TurboImg2VideoRequest = { ...base, duration: 5, resolution: "4k" };
    // @ts-expect-error prompt is required
    const noPrompt: ViduQ2TurboImg2VideoRequest = { images: [image], duration: 5 };
    // @ts-expect-error model is not a field on Novita (the path names the model)
    const unknown: ViduQ2TurboImg2VideoRequest = { ...base, duration: 5, model: "x" };
    // @ts-expect-error Novita's page says high, not large
    const large: ViduQ2TurboImg2VideoRequest = { ...base, duration: 5, movement_amplitude: "large" };
    // @ts-expect-error wm_position is 1 to 4
    const corner: ViduQ2TurboImg2VideoRequest = { ...base, duration: 5, wm_position: 5 };
    void [stringDuration, longDuration, fourK, noPrompt, unknown, large, corner];
  });
});

describe("Q2 Pro Fast reference to video", () => {
  it("accepts subjects with images, videos and voices", () => {
    const body: ViduQ2ProFastRequest = {
      prompt: "@1 meets @2",
      duration: 10,
      subjects: [{ name: "a", images: [image], voice_id: "v" }, { videos: [image] }],
      resolution: "720p",
      aspect_ratio: "16:9",
    };
    expectTypeOf(body.subjects).items.toHaveProperty("videos");
  });

  it("refuses 540p, a subject field that does not exist, and a missing subjects list", () => {
    // @ts-expect-error Q2 Pro Fast renders 720p or 1080p only
    const low: ViduQ2ProFastRequest = { prompt: "p", duration: 5, subjects: [], resolution: "540p" };
    // @ts-expect-error a subject has name, images, videos and voice_id
    const odd: ViduQ2ProFastRequest = { prompt: "p", duration: 5, subjects: [{ age: 3 }] };
    // @ts-expect-error subjects is required
    const none: ViduQ2ProFastRequest = { prompt: "p", duration: 5 };
    void [low, odd, none];
  });
});

describe("Q3 Turbo image to video", () => {
  it("needs only images; the rest has defaults", () => {
    const body: ViduQ3TurboI2VRequest = { images: [image] };
    const full: ViduQ3TurboI2VRequest = { ...body, duration: 16, audio_type: "speech_only", is_rec: true };
    void full;
  });

  it("refuses a string duration, an unknown audio type and a missing image list", () => {
    // @ts-expect-error duration is a number
    const text: ViduQ3TurboI2VRequest = { images: [image], duration: "16" };
    // @ts-expect-error audio_type is all, speech_only or sound_effect_only
    const music: ViduQ3TurboI2VRequest = { images: [image], audio_type: "music" };
    // @ts-expect-error images is required
    const empty: ViduQ3TurboI2VRequest = { prompt: "p" };
    void [text, music, empty];
  });
});

describe("paths and responses", () => {
  it("types each path's body and answer", () => {
    expectTypeOf<
      paths["/v3/async/vidu-q3-turbo-i2v"]["post"]["requestBody"]["content"]["application/json"]
    >().toEqualTypeOf<ViduQ3TurboI2VRequest>();
    expectTypeOf<
      paths["/v3/async/vidu-q3-turbo-i2v"]["post"]["responses"]["200"]["content"]["application/json"]["task_id"]
    >().toEqualTypeOf<string>();
    expectTypeOf<paths["/v3/async/task-result"]["get"]["parameters"]["query"]["task_id"]>().toEqualTypeOf<string>();
  });

  it("types the task result and its status", () => {
    expectTypeOf<TaskResult["task"]["status"]>().toEqualTypeOf<TaskStatus>();
    expectTypeOf<"TASK_STATUS_SUCCEED">().toMatchTypeOf<TaskStatus>();
    // An answer's status is open (a status added later is a string too); the known ones are TaskStatusKnown.
    expectTypeOf<"TASK_STATUS_LATER">().toMatchTypeOf<TaskStatus>();
    expectTypeOf<components["schemas"]["TaskStatusKnown"]>().toMatchTypeOf<TaskStatus>();
    // @ts-expect-error the known statuses are Novita's constants
    expectTypeOf<"succeeded">().toMatchTypeOf<components["schemas"]["TaskStatusKnown"]>();
    expectTypeOf<NonNullable<TaskResult["videos"]>[number]["video_url_ttl"]>().toEqualTypeOf<
      number | string | undefined
    >();
    expectTypeOf<components["schemas"]["ErrorResponse"]["reason"]>().toEqualTypeOf<string>();
  });
});
