// redocly.yaml's generator-friendliness rules: they hold on the bundled spec that generators read
// (the component-name rules can only see names there, as the sources name components by file), and
// each reports on a spec that breaks it. `npm run lint:spec` runs the same rules on spec/.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { ROOT } from "../fixtures/bundled-spec.js";

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-lint-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Problem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

/** Lints `file` with the project's redocly.yaml; returns the problems found, by rule. */
async function lint(file: string): Promise<Problem[]> {
  const args = ["lint", file, "--config", join(ROOT, "redocly.yaml"), "--format=json", "--max-problems=1000"];
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
  // redocly exits with 1 when it finds an error; the JSON report is on stdout either way.
  const { stdout } = await run(join(ROOT, "node_modules", ".bin", "redocly"), args, { cwd: ROOT, env }).catch(
    (error: { stdout: string }) => error,
  );
  return JSON.parse(stdout).problems;
}

const json = (schema: object, more: object = {}) => ({ content: { "application/json": { schema, ...more } } });
const ref = (name: string) => ({ $ref: `#/components/${name}` });
const operation = (operationId: string, rest: object) => ({
  operationId,
  tags: ["T"],
  summary: "s",
  description: "d",
  ...rest,
});

/** A spec that breaks each rule once: [rule, pointer of the problem]. */
const BROKEN: [string, string][] = [
  ["rule/operation-id-camel-case", "#/paths/~1things/post/operationId"],
  ["rule/body-schema-is-component", "#/paths/~1things/post/requestBody/content/application~1json/schema"],
  ["rule/component-name-pascal-case", "#/components/schemas/thing"],
  ["rule/response-name-pascal-case", "#/components/responses/bad_request"],
  ["rule/parameter-name-pascal-case", "#/components/parameters/thingId"],
  ["rule/example-name-pascal-case", "#/components/examples/first-thing"],
  ["rule/schema-has-type", "#/components/schemas/thing/properties/anything"],
  ["no-required-schema-properties-undefined", "#/components/schemas/thing/required/0"],
  ["no-schema-type-mismatch", "#/components/schemas/Things/properties"],
  ["operation-2xx-response", "#/paths/~1things/post/responses"],
];

describe("the strict lint rules", () => {
  it("find nothing in the bundled spec", async () => {
    const problems = await lint(join(ROOT, "generated", "openapi.json"));
    expect(problems.map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
  });

  it("each report on a spec that breaks them", async () => {
    const broken = {
      openapi: "3.1.0",
      info: { title: "t", version: "1", description: "d", license: { name: "MIT", identifier: "MIT" } },
      servers: [{ url: "https://api.novita.ai" }],
      security: [],
      tags: [{ name: "T", description: "d" }],
      paths: {
        "/things": {
          get: operation("listThings", {
            parameters: [ref("parameters/thingId")],
            responses: {
              "200": {
                description: "ok",
                ...json(ref("schemas/Things"), { examples: { a: ref("examples/first-thing") } }),
              },
              "400": ref("responses/bad_request"),
            },
          }),
          post: operation("create_thing", {
            requestBody: json({ type: "object", properties: { a: { type: "string" } } }),
            responses: { "400": ref("responses/bad_request") },
          }),
        },
      },
      components: {
        schemas: {
          thing: { type: "object", required: ["missing"], properties: { anything: { description: "no type" } } },
          Things: { type: "array", items: ref("schemas/thing"), properties: {} },
        },
        responses: { bad_request: { description: "bad", ...json(ref("schemas/thing")) } },
        parameters: { thingId: { name: "id", in: "query", description: "d", schema: { type: "string" } } },
        examples: { "first-thing": { value: [] } },
      },
    };
    const file = join(scratch, "broken.json");
    writeFileSync(file, JSON.stringify(broken));
    const problems = await lint(file);
    const found = problems.map((p) => [p.ruleId, p.location[0]?.pointer]);
    for (const expected of BROKEN) expect(found).toContainEqual(expected);
    // A configurable rule added to redocly.yaml needs its case here.
    const configured = Object.keys(YAML.parse(readFileSync(join(ROOT, "redocly.yaml"), "utf8")).rules);
    const proven = new Set(BROKEN.map(([rule]) => rule));
    expect(configured.filter((rule) => rule.startsWith("rule/") && !proven.has(rule))).toEqual([]);
    expect(problems.every((p) => p.severity === "error")).toBe(true);
  });
});
