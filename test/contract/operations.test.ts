// Prism, serving the bundled spec, against every operation: a valid request gets a typed 200 that
// matches its schema, each named task-result example and each error status can be asked for, and the
// invalid requests a caller is most likely to send are refused by Prism and, before anything is sent,
// by the generated validators, naming the same field and rule.
import createClient from "openapi-fetch";
import { describe, expect, expectTypeOf, it } from "vitest";
import { MODELS, TASK_RESULT_PATH } from "../../generated/constants.js";
import type { AsyncTaskResponse, TaskResult, ViduQ2ProFastResponse, paths } from "../../generated/schema.js";
import { type RequestBodyPath, validateRequestBody } from "../../generated/validators.js";
import { exampleValues, fieldCount } from "./corpus.js";
import { AUTH, type Json, postToPrism, prismUrl, prismViolations, schemaValidator, spec } from "./helpers.js";
import { resolve } from "../fixtures/bundled-spec.js";

const client = createClient<paths>({ baseUrl: prismUrl(), headers: AUTH });
const matchesTaskCreated = schemaValidator("AsyncTaskResponse");
const matchesProFastResponse = schemaValidator("ViduQ2ProFastResponse");
const matchesTaskResult = schemaValidator("TaskResult");
const matchesError = schemaValidator("ErrorResponse");

const SUBMIT_PATHS = Object.values(MODELS).map(({ path }) => path as RequestBodyPath);
const exampleValue = (ref: { $ref: string }): Json => resolve(spec, ref).value;
const requestSchema = (path: string): Json =>
  resolve(spec, spec.paths[path].post.requestBody.content["application/json"].schema);
/** A small valid body for each endpoint: the spec's smallest example of it. */
const valid = Object.fromEntries(
  SUBMIT_PATHS.map((path) => [path, exampleValues(path).sort(([, a], [, b]) => fieldCount(a) - fieldCount(b))[0]![1]]),
) as Record<RequestBodyPath, Json>;
/** The schema an operation's 200 answer follows, by component name. */
const okSchemaName = (path: string): string =>
  resolve(spec, spec.paths[path].post.responses["200"]).content["application/json"].schema.$ref.split("/").pop();

describe("a valid request gets a typed 200", () => {
  it("POST /v3/async/vidu-q2-turbo-img2video", async () => {
    const { data, response } = await client.POST("/v3/async/vidu-q2-turbo-img2video", {
      body: { images: ["https://example.com/a.png"], prompt: "A cat yawns.", duration: 5 },
    });
    expectTypeOf(data).toEqualTypeOf<AsyncTaskResponse | undefined>();
    expect(response.status).toBe(200);
    expect(matchesTaskCreated(data)).toEqual([]);
  });

  it("POST /v3/async/viduq2-pro-fast", async () => {
    const { data, response } = await client.POST("/v3/async/viduq2-pro-fast", {
      body: { subjects: [{ name: "cat", images: ["https://example.com/a.png"] }], prompt: "@1 jumps.", duration: 5 },
    });
    expectTypeOf(data).toEqualTypeOf<ViduQ2ProFastResponse | undefined>();
    expect(response.status).toBe(200);
    expect(matchesProFastResponse(data)).toEqual([]);
    expect(data?.task_id).toEqual(expect.any(String));
  });

  it("POST /v3/async/vidu-q3-turbo-i2v", async () => {
    const { data, response } = await client.POST("/v3/async/vidu-q3-turbo-i2v", {
      body: { images: ["https://example.com/a.png"] },
    });
    expectTypeOf(data).toEqualTypeOf<AsyncTaskResponse | undefined>();
    expect(response.status).toBe(200);
    expect(matchesTaskCreated(data)).toEqual([]);
  });

  it("GET /v3/async/task-result", async () => {
    const { data, response } = await client.GET("/v3/async/task-result", { params: { query: { task_id: "t-1" } } });
    expectTypeOf(data).toEqualTypeOf<TaskResult | undefined>();
    expect(response.status).toBe(200);
    expect(matchesTaskResult(data)).toEqual([]);
  });

  it.each(SUBMIT_PATHS.flatMap((path) => exampleValues(path).map(([name, body]) => ({ path, name, body }))))(
    "$path accepts the spec's request example $name",
    async ({ path, body }) => {
      expect(validateRequestBody(path, body)).toEqual([]);
      const response = await postToPrism(path, body);
      expect(response.status).toBe(200);
      expect(schemaValidator(okSchemaName(path))(await response.json())).toEqual([]);
    },
  );
});

describe("each named example of the task result is reachable with Prefer", () => {
  const examples = spec.paths[TASK_RESULT_PATH].get.responses["200"].content["application/json"].examples;
  const expected = { queued: "QUEUED", processing: "PROCESSING", succeed: "SUCCEED", failed: "FAILED" } as const;

  it("names exactly the four states", () => {
    expect(Object.keys(examples).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))("example=%s → TASK_STATUS_%s", async (name, status) => {
    const { data, response } = await client.GET("/v3/async/task-result", {
      params: { query: { task_id: "t-1" } },
      headers: { Prefer: `example=${name}` },
    });
    expect(response.status).toBe(200);
    expect(data?.task.status).toBe(`TASK_STATUS_${status}`);
    expect(data).toEqual(exampleValue(examples[name]));
    expect(matchesTaskResult(data)).toEqual([]);
  });
});

describe("each documented error status is reachable with Prefer: code", () => {
  const cases = [
    ...SUBMIT_PATHS.map((path) => ({ method: "POST", path })),
    { method: "GET", path: TASK_RESULT_PATH },
  ].flatMap(({ method, path }) =>
    Object.keys(spec.paths[path][method.toLowerCase()].responses)
      .filter((status) => status !== "200")
      .map((status) => ({ method, path, status: Number(status) })),
  );

  it.each(cases)("$method $path → $status", async ({ method, path, status }) => {
    const response =
      method === "POST"
        ? await postToPrism(path, valid[path as RequestBodyPath], { ...AUTH, Prefer: `code=${status}` })
        : await fetch(`${prismUrl()}${path}?task_id=t-1`, { headers: { ...AUTH, Prefer: `code=${status}` } });
    const body = await response.json();
    expect(response.status).toBe(status);
    expect(body.code).toBe(status);
    expect(matchesError(body)).toEqual([]);
  });

  it("an unknown task is Novita's TASK_NOT_FOUND envelope", async () => {
    const { error, response } = await client.GET("/v3/async/task-result", {
      params: { query: { task_id: "no-such-task" } },
      headers: { Prefer: "code=404" },
    });
    expect(response.status).toBe(404);
    expect(error).toEqual({ code: 404, reason: "TASK_NOT_FOUND", message: expect.any(String), metadata: {} });
  });
});

describe("an invalid request is refused by Prism and by the validators alike", () => {
  // Each endpoint's durations just outside its range, and the rule that refuses them, read off its schema.
  const pastDuration = (path: RequestBodyPath): [number, string][] => {
    const property = requestSchema(path).properties?.duration;
    if (!property) return [];
    const duration = resolve(spec, property);
    if (duration.enum)
      return [
        [Math.min(...duration.enum) - 1, "enum"],
        [Math.max(...duration.enum) + 1, "enum"],
      ];
    return [
      [duration.minimum - 1, "minimum"],
      [duration.maximum + 1, "maximum"],
    ];
  };
  const cases = SUBMIT_PATHS.flatMap((path) => {
    const base = valid[path];
    return [
      ...(requestSchema(path).required ?? []).map((field: string) => {
        const { [field]: _, ...body } = base;
        return { path, what: `without ${field}`, body, field, rule: "required" };
      }),
      ...pastDuration(path).map(([duration, rule]) => ({
        path,
        what: `duration ${duration}`,
        body: { ...base, duration },
        field: "duration",
        rule,
      })),
      // Where the page lists the resolutions; some pages leave them unseen, and the schema open.
      ...(resolve(spec, requestSchema(path).properties?.resolution ?? {}).enum
        ? [{ path, what: "resolution 4k", body: { ...base, resolution: "4k" }, field: "resolution", rule: "enum" }]
        : []),
      {
        path,
        what: "an unknown field",
        body: { ...base, model: "vidu" },
        field: "model",
        rule: "additionalProperties",
      },
    ];
  });

  it.each(cases)("$path $what", async ({ path, body, field, rule }) => {
    expect(validateRequestBody(path, body).map(({ field, rule }) => ({ field, rule }))).toEqual([{ field, rule }]);
    const response = await postToPrism(path, body);
    expect(response.status).toBe(400);
    expect(prismViolations(response.headers.get("sl-violations"))).toContainEqual({ field, rule });
  });

  it.each(SUBMIT_PATHS)("%s without Authorization, or with an empty key", async (path) => {
    for (const headers of [{}, { Authorization: "Bearer " }, { Authorization: "Token abc" }]) {
      const response = await postToPrism(path, valid[path], headers);
      expect(response.status).toBe(401);
    }
  });

  it("GET /v3/async/task-result without task_id", async () => {
    const response = await fetch(`${prismUrl()}${TASK_RESULT_PATH}`, { headers: AUTH });
    expect(response.status).toBe(400);
    expect(prismViolations(response.headers.get("sl-violations"))).toEqual([{ field: "task_id", rule: "required" }]);
  });
});
