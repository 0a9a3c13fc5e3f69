// The bundled spec says what the source documents say: every field with its type, required flag,
// default, enum and limits; every error reason; every failure code; named examples everywhere.
import { describe, expect, it } from "vitest";
import { resolve as resolveRef, spec, type Json } from "./fixtures/bundled-spec.js";
import { ENDPOINTS, ERROR_REASONS, FAILURE_CODES } from "./fixtures/seed-facts.js";

const schemas = spec.components.schemas;
/** Follows a local `$ref` (`#/components/...`) to what it points at; keywords beside the `$ref` (`default`) win. */
const resolve = (node: Json): Json => {
  const { $ref, ...beside } = node ?? {};
  return $ref ? { ...resolveRef(spec, node), ...beside } : node;
};
const operations = Object.entries(spec.paths as Record<string, Json>).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Json>).map(([method, op]) => ({ path, method, op })),
);

describe("request bodies", () => {
  for (const endpoint of ENDPOINTS) {
    describe(endpoint.path, () => {
      const body = resolve(spec.paths[endpoint.path].post.requestBody.content["application/json"].schema);

      it("has every field of the source documents, and no other outside `extra`", () => {
        expect(Object.keys(body.properties).sort()).toEqual([...Object.keys(endpoint.fields), "extra"].sort());
      });

      it("marks exactly the fields the documents require as required", () => {
        const required = Object.entries(endpoint.fields).filter(([, f]) => f.required);
        expect([...body.required].sort()).toEqual(required.map(([name]) => name).sort());
      });

      it("rejects fields the API does not know", () => {
        expect(body.additionalProperties).toBe(false);
      });

      for (const [name, fact] of Object.entries(endpoint.fields)) {
        it(`${name}: ${fact.type}${fact.enum ? ` of ${fact.enum.join("|")}` : ""}, as seed ${fact.seeds.join("/")} says`, () => {
          const field = resolve(body.properties[name]);
          expect(field.type).toBe(fact.type);
          expect(field.default).toEqual(fact.default);
          expect(field.enum).toEqual(fact.enum);
          expect(field.minimum).toEqual(fact.minimum);
          expect(field.maximum).toEqual(fact.maximum);
          expect(field.maxLength).toEqual(fact.maxLength);
          if (fact.minItems !== undefined) expect(field.minItems).toBe(fact.minItems);
          expect(field.description ?? body.properties[name].description, "every field says what it does").toMatch(
            /\w{3,}.*\./s,
          );
        });
      }
    });
  }

  it("records the readings the spec did not follow", () => {
    const q2 = schemas.ViduQ2TurboImg2VideoRequest.properties;
    expect(q2.movement_amplitude.description).toContain("`large`");
    expect(q2.images.description).toMatch(/exactly one/);
    expect(q2.prompt.description).toMatch(/optional/);
    expect(schemas.ViduQ2ProFastRequest.properties.duration.description).toMatch(/1 to 8/);
  });

  it("states seed 002's image and body limits as data the runtime can read", () => {
    expect(schemas.ImageInput["x-max-image-bytes"]).toBe(50 * 1024 * 1024);
    expect(schemas.ImageInput["x-image-formats"]).toEqual(["png", "jpeg", "jpg", "webp"]);
    expect(schemas.ImageInput["x-aspect-ratio-range"]).toEqual([1 / 4, 4]);
    expect(schemas.ViduQ2TurboImg2VideoRequest["x-max-body-bytes"]).toBe(20 * 1024 * 1024);
  });
});

describe("task result", () => {
  const task = schemas.Task.properties;

  it("has the task, extra, videos, images and audios objects", () => {
    expect(Object.keys(schemas.TaskResult.properties).sort()).toEqual(["audios", "extra", "images", "task", "videos"]);
    expect(Object.keys(task).sort()).toEqual(["eta", "progress_percent", "reason", "status", "task_id", "task_type"]);
    expect(Object.keys(schemas.TaskResultExtra.properties).sort()).toEqual([
      "debug_info",
      "enable_nsfw_detection",
      "seed",
    ]);
  });

  it("knows the four statuses", () => {
    expect(schemas.TaskStatusKnown.enum).toEqual(
      expect.arrayContaining([
        "TASK_STATUS_QUEUED",
        "TASK_STATUS_PROCESSING",
        "TASK_STATUS_SUCCEED",
        "TASK_STATUS_FAILED",
      ]),
    );
  });

  it("lists every 0080070xx failure code with its meaning", () => {
    const codes = task.reason["x-vidu-failure-codes"];
    expect(Object.keys(codes)).toEqual(Object.keys(FAILURE_CODES));
    for (const [code, words] of Object.entries(FAILURE_CODES)) expect(codes[code]).toMatch(new RegExp(`^${words}`));
    expect(task.reason.description).toContain("| `008007095` | Internal generation error");
  });

  it("accepts URL TTLs as numbers and as strings (of digits)", () => {
    expect(schemas.UrlTtl.anyOf).toEqual([
      { type: "integer", minimum: 0 },
      { type: "string", pattern: "^[0-9]+$" },
    ]);
  });

  it("has a named example per status", () => {
    const examples = spec.paths["/v3/async/task-result"].get.responses["200"].content["application/json"].examples;
    expect(Object.keys(examples)).toEqual(["queued", "processing", "succeed", "failed"]);
    const statuses = Object.values(examples).map((example: Json) => resolve(example).value);
    expect(statuses.map((v: Json) => v.task.status)).toEqual([
      "TASK_STATUS_QUEUED",
      "TASK_STATUS_PROCESSING",
      "TASK_STATUS_SUCCEED",
      "TASK_STATUS_FAILED",
    ]);
  });
});

describe("errors", () => {
  it("describes every documented reason under its status, on every operation", () => {
    for (const { path, op } of operations) {
      for (const [status, reasons] of Object.entries(ERROR_REASONS)) {
        const response = resolve(op.responses[status]);
        expect(response, `${path} ${status}`).toBeDefined();
        expect(Object.keys(response["x-reasons"])).toEqual(reasons);
        for (const reason of reasons) expect(response.description).toContain(`| \`${reason}\` |`);
        expect(response.content["application/json"].schema.$ref).toBe("#/components/schemas/ErrorResponse");
      }
    }
  });

  it("uses the envelope {code, reason, message, metadata}", () => {
    expect(Object.keys(schemas.ErrorResponse.properties)).toEqual(["code", "reason", "message", "metadata"]);
  });
});

describe("operations", () => {
  it("each has an operationId, tags, summary, description and named examples", () => {
    for (const { path, op } of operations) {
      expect(op.operationId, path).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(op.tags?.length, path).toBeGreaterThan(0);
      expect(op.summary, path).toBeTruthy();
      expect(op.description, path).toBeTruthy();
      const body = op.requestBody?.content["application/json"];
      if (body) expect(Object.keys(body.examples).length, path).toBeGreaterThan(0);
      const examples = resolve(op.responses["200"]).content["application/json"].examples;
      expect(Object.keys(examples).length, path).toBeGreaterThan(0);
    }
  });

  it("groups each generation call by one task tag and its Vidu generation, named create<Model>", () => {
    const taskTags = [
      "Text to Video",
      "Image to Video",
      "Start and End Frames",
      "Reference to Video",
      "Key Frames",
      "Templates",
    ];
    const generation = operations.filter(({ op }) => op.requestBody);
    expect(generation.length).toBeGreaterThan(0);
    for (const { path, op } of generation) {
      expect(op.tags, path).toHaveLength(1);
      expect(taskTags, path).toContain(op.tags[0]);
      expect(["Q3", "Q2", "Q1", "2.0"], path).toContain(op["x-vidu-generation"]);
      expect(op.operationId, path).toMatch(/^createVidu[A-Z0-9][A-Za-z0-9]*$/);
      // The request schema is named after the operation: createViduQ3ProT2V takes ViduQ3ProT2VRequest.
      const schema = op.requestBody.content["application/json"].schema.$ref;
      expect(schema, path).toBe(`#/components/schemas/${op.operationId.slice("create".length)}Request`);
      expect(Object.keys(op.requestBody.content["application/json"].examples).length, path).toBeGreaterThanOrEqual(2);
    }
  });

  it("has the server, bearer security and the unconfirmed webhook", () => {
    expect(spec.openapi).toBe("3.1.0");
    expect(spec.servers[0].url).toBe("https://api.novita.ai");
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const webhook = spec.webhooks.asyncTaskResult.post;
    expect(webhook.description).toMatch(/Unconfirmed for the Vidu endpoints/);
    expect(schemas.WebhookEvent.properties.event_type.const).toBe("ASYNC_TASK_RESULT");
  });
});
