// The JSON Schemas are enough for another language: quicktype turns generated/jsonschema/ into Python
// dataclasses that need only the standard library, and python3 parses every example of the spec with
// them and refuses bodies of the wrong shape. The Python code lives in a temporary folder only.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { InputData, JSONSchemaInput, JSONSchemaStore, quicktype, type JSONSchema } from "quicktype-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, SCHEMA_ID_BASE, bodies, schemaRefName, spec, specExamples } from "../fixtures/bundled-spec.js";

const run = promisify(execFile);
const DIR = join(ROOT, "generated", "jsonschema");
const scratch = mkdtempSync(join(tmpdir(), "novita-vidu-python-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Serves the $ids of generated/jsonschema/ from disk, so quicktype never goes to the network. */
class LocalSchemas extends JSONSchemaStore {
  async fetch(address: string): Promise<JSONSchema | undefined> {
    if (!address.startsWith(SCHEMA_ID_BASE)) throw new Error(`${address} is not one of generated/jsonschema/`);
    return JSON.parse(readFileSync(join(DIR, address.slice(SCHEMA_ID_BASE.length)), "utf8"));
  }
}

async function generatePython(): Promise<string> {
  const input = new JSONSchemaInput(new LocalSchemas());
  for (const file of readdirSync(DIR).sort()) {
    await input.addSource({ name: file.replace(/\.json$/, ""), uris: [`${SCHEMA_ID_BASE}${file}`] });
  }
  const inputData = new InputData();
  inputData.addInput(input);
  const { lines } = await quicktype({ inputData, lang: "python", rendererOptions: { "python-version": "3.10" } });
  return `${lines.join("\n")}\n`;
}

interface Case {
  label: string;
  schema: string;
  value: unknown;
}
interface Outcome {
  label: string;
  parsed: boolean;
  same?: boolean;
  error?: string;
}

const image = "https://example.com/cat.png";
const task = { task_id: "t", status: "TASK_STATUS_QUEUED" };
/** A valid body, and the same body with one fault that the generated parser must refuse. */
const FAULTS: { fault: string; schema: string; valid: object; invalid: object }[] = [
  {
    fault: "a string where an integer is required",
    schema: "ViduQ3TurboI2VRequest",
    valid: { images: [image], duration: 8 },
    invalid: { images: [image], duration: "8" },
  },
  {
    fault: "an unknown enum value",
    schema: "ViduQ3TurboI2VRequest",
    valid: { images: [image], resolution: "1080p" },
    invalid: { images: [image], resolution: "4k" },
  },
  {
    fault: "a missing required field",
    schema: "ViduQ2TurboImg2VideoRequest",
    valid: { images: [image], prompt: "The cat yawns", duration: 5 },
    invalid: { images: [image], duration: 5 },
  },
  {
    fault: "a string where an object is required",
    schema: "ViduQ2ProFastRequest",
    valid: { prompt: "@1 waves", duration: 5, subjects: [{ name: "@1", images: [image] }] },
    invalid: { prompt: "@1 waves", duration: 5, subjects: ["@1"] },
  },
  {
    // A status the spec does not list yet is a string too, and accepted (answers' enums are open).
    fault: "a task status that is not a string",
    schema: "TaskResult",
    valid: { task: { ...task, status: "TASK_STATUS_LATER" } },
    invalid: { task: { ...task, status: 3 } },
  },
  {
    fault: "a string error code",
    schema: "ErrorResponse",
    valid: { code: 400, reason: "INVALID_REQUEST_BODY", message: "m" },
    invalid: { code: "400", reason: "INVALID_REQUEST_BODY", message: "m" },
  },
  {
    fault: "a missing payload",
    schema: "WebhookEvent",
    valid: { event_type: "ASYNC_TASK_RESULT", payload: { task } },
    invalid: { event_type: "ASYNC_TASK_RESULT" },
  },
];
const faultCases = FAULTS.flatMap(({ fault, schema, valid, invalid }) => [
  { label: `${schema} without ${fault}`, schema, value: valid },
  { label: `${schema} with ${fault}`, schema, value: invalid },
]);

let python = "";
let outcomes: Outcome[] = [];
const examples = specExamples(spec);

beforeAll(async () => {
  python = await generatePython();
  writeFileSync(join(scratch, "vidu_models.py"), python);
  const cases: Case[] = [...examples, ...faultCases].map(({ label, schema, value }) => ({ label, schema, value }));
  writeFileSync(join(scratch, "cases.json"), JSON.stringify(cases));
  // -I: isolated from the user's site-packages and PYTHON* variables (PYTHONOPTIMIZE would strip the
  // generated `assert` checks), so only the standard library is there.
  const driver = join(ROOT, "test", "multilang", "parse_examples.py");
  const { stdout } = await run("python3", ["-I", driver, scratch, join(scratch, "cases.json")]);
  outcomes = JSON.parse(stdout);
}, 60_000);

const outcome = (label: string) => outcomes.find((o) => o.label === label);

describe("Python generated from generated/jsonschema/", () => {
  it("is dataclasses that import only from the standard library", () => {
    const imports = [...python.matchAll(/^(?:from (\S+) import|import (\S+))/gm)].map((m) => m[1] ?? m[2]);
    expect(new Set(imports)).toEqual(new Set(["dataclasses", "typing", "enum"]));
    for (const name of ["ViduQ3TurboI2VRequest", "TaskResult", "ErrorResponse", "WebhookEvent"]) {
      expect(python).toMatch(new RegExp(`@dataclass\\nclass ${name}:`));
    }
  });

  it("has the examples of every request body, task result, error and the webhook", () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
    // Every schema of a request or response body of the spec, the webhook's included, has examples.
    expect(new Set(examples.map((e) => e.schema))).toEqual(
      new Set(bodies(spec).map(({ media }) => schemaRefName(media.schema))),
    );
  });

  for (const example of examples) {
    it(`parses ${example.label} as ${example.schema} and writes it back unchanged`, () => {
      expect(outcome(example.label)).toEqual({ label: example.label, parsed: true, same: true });
    });
  }

  for (const { fault, schema } of FAULTS) {
    it(`${schema}: refuses ${fault}, and takes the body without it`, () => {
      expect(outcome(`${schema} without ${fault}`)).toMatchObject({ parsed: true, same: true });
      expect(outcome(`${schema} with ${fault}`)).toMatchObject({ parsed: false, error: expect.any(String) });
    });
  }
});
