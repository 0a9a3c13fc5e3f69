// A model's descriptor carries its body's type: `run(viduQ3TurboI2V, body)` takes Q3's body and no
// other, on the lean client and the full one alike; the lean client takes no model key.
import { describe, expectTypeOf, it } from "vitest";
import { allModels, viduQ2ProFast, viduQ2TurboImg2Video, viduQ3TurboI2V } from "../../generated/models/index.js";
import type { ViduQ2ProFastRequest, ViduQ3TurboI2VRequest } from "../../generated/schema.js";
import { createViduClient as createLeanClient } from "../../src/lean.js";
import {
  createViduClient,
  type BodyOf,
  type ModelDescriptor,
  type ModelKey,
  type TaskResult,
} from "../../src/index.js";

const lean = createLeanClient({ apiKey: "k" });
const full = createViduClient({ apiKey: "k" });
const image = "https://example.com/a.png";

describe("descriptors", () => {
  it("carry their model key, and the body follows from it", () => {
    expectTypeOf(viduQ3TurboI2V).toEqualTypeOf<ModelDescriptor<"vidu-q3-turbo-i2v">>();
    expectTypeOf(viduQ3TurboI2V.key).toEqualTypeOf<"vidu-q3-turbo-i2v">();
    expectTypeOf<BodyOf<typeof viduQ3TurboI2V>>().toEqualTypeOf<ViduQ3TurboI2VRequest>();
    expectTypeOf<BodyOf<typeof viduQ2ProFast>>().toEqualTypeOf<ViduQ2ProFastRequest>();
    expectTypeOf<BodyOf<"viduq2-pro-fast">>().toEqualTypeOf<ViduQ2ProFastRequest>();
  });

  it("allModels has every model key, each with its own descriptor", () => {
    expectTypeOf<keyof typeof allModels>().toEqualTypeOf<ModelKey>();
    expectTypeOf(allModels["vidu-q3-turbo-i2v"]).toEqualTypeOf<typeof viduQ3TurboI2V>();
  });
});

describe("the lean client", () => {
  it("takes a descriptor and that model's body", () => {
    expectTypeOf(lean.run(viduQ3TurboI2V, { images: [image], duration: 8 })).resolves.toEqualTypeOf<TaskResult>();
    expectTypeOf(
      lean.submit(viduQ2TurboImg2Video, { images: [image], prompt: "p", duration: 5 }),
    ).resolves.toEqualTypeOf<{
      task_id: string;
    }>();
  });

  it("refuses another model's body, a wrong field, a model key, and has no api", () => {
    // @ts-expect-error Q2 Turbo requires prompt and duration, which a Q3 body lacks
    void lean.run(viduQ2TurboImg2Video, { images: [image] });
    // @ts-expect-error duration is a number
    void lean.run(viduQ3TurboI2V, { images: [image], duration: "8" });
    // @ts-expect-error not a field of Q3 Turbo
    void lean.run(viduQ3TurboI2V, { images: [image], subjects: [] });
    // @ts-expect-error the lean client knows models by descriptor only
    void lean.run("vidu-q3-turbo-i2v", { images: [image] });
    // The typed openapi-fetch client it sends with: paths and their answers are typed.
    expectTypeOf(
      lean.api.GET("/v3/async/task-result", { params: { query: { task_id: "t" } } }),
    ).resolves.toHaveProperty("data");
    expectTypeOf(lean.getResult("t")).resolves.toEqualTypeOf<TaskResult>();
    // @ts-expect-error not a path of the spec
    void lean.api.GET("/v3/async/nothing");
  });
});

describe("the full client", () => {
  it("takes a descriptor or a key, each with its body", () => {
    expectTypeOf(full.run(viduQ3TurboI2V, { images: [image] })).resolves.toEqualTypeOf<TaskResult>();
    expectTypeOf(full.run("vidu-q3-turbo-i2v", { images: [image] })).resolves.toEqualTypeOf<TaskResult>();
    // @ts-expect-error a Q3 body lacks Q2 Pro Fast's required fields
    void full.run(viduQ2ProFast, { images: [image] });
  });
});
