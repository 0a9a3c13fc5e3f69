// What the Go, Java and Python proofs share. Each generates its models with quicktype from
// generated/jsonschema/ into a temporary folder, builds them with a small hand-written driver
// (test/multilang/drivers/), and runs the driver twice:
//   parse CASES.json: every example of the spec, and a few wrong bodies, parsed with the generated types
//                     and written back;
//   live PLAN.json:   every generation the spec has, submitted to the mock through the generated request
//                     type, polled through the generated TaskResult to success, its video downloaded.
// The drivers print JSON; the assertions are here and in the test files, the same for each language.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import {
  InputData,
  JSONSchemaInput,
  JSONSchemaStore,
  quicktypeMultiFile,
  type JSONSchema,
  type RendererOptions,
} from "quicktype-core";
import { ROOT, operations, resolve, schemaRefName, spec, specExamples, type Json } from "../fixtures/bundled-spec.js";
import { API_KEY, type Mock } from "./mock.js";

export const run = promisify(execFile);
export const DRIVERS = join(ROOT, "test", "multilang", "drivers");
const JSON_SCHEMAS = join(ROOT, "generated", "jsonschema");

/** A temporary folder, and the function that removes it. */
export function scratch(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `novita-vidu-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Serves generated/jsonschema/ from disk, so quicktype never goes to the network: each address, a file URL
 * or a `$id`, is read as the file of that name in the folder (a `$ref` names a sibling file either way).
 */
class LocalSchemas extends JSONSchemaStore {
  async fetch(address: string): Promise<JSONSchema | undefined> {
    const file = join(JSON_SCHEMAS, basename(new URL(address).pathname));
    if (!existsSync(file)) throw new Error(`${address} is not one of generated/jsonschema/`);
    return JSON.parse(readFileSync(file, "utf8"));
  }
}

/** quicktype's output for every file of generated/jsonschema/, one top-level type each: file name → source. */
export async function quicktypeModels(
  lang: "go" | "java" | "python",
  rendererOptions: RendererOptions,
  outputFilename: string,
): Promise<Map<string, string>> {
  const input = new JSONSchemaInput(new LocalSchemas());
  for (const file of readdirSync(JSON_SCHEMAS).sort()) {
    await input.addSource({ name: file.replace(/\.json$/, ""), uris: [pathToFileURL(join(JSON_SCHEMAS, file)).href] });
  }
  const inputData = new InputData();
  inputData.addInput(input);
  // Each language's options are typed apart; these come from the one caller that knows the language.
  const options = { inputData, lang, rendererOptions, outputFilename } as Parameters<typeof quicktypeMultiFile>[0];
  const files = await quicktypeMultiFile(options);
  return new Map([...files].map(([name, { lines }]) => [name, `${lines.join("\n")}\n`]));
}

/**
 * Each language spells a component's name its own way (`HttpUrl` is Go's `HTTPURL`). Finds the
 * generated name of each schema component among `generated`, ignoring case; fails on one it lacks.
 */
export function generatedNames(generated: string[]): (schema: string) => string {
  const byLowerCase = new Map(generated.map((name) => [name.toLowerCase(), name]));
  return (schema) => {
    const name = byLowerCase.get(schema.toLowerCase());
    if (!name) throw new Error(`the generated code has no type for the component ${schema}`);
    return name;
  };
}

export interface Case {
  label: string;
  /** The schema component. */
  schema: string;
  value: Json;
}

/**
 * What a parser must check to see a fault: a digit string for a number (which Jackson coerces by
 * default), a value of the wrong shape, a value outside an enum, a required field.
 */
export type FaultKind = "numeric-string" | "shape" | "enum" | "required";

export interface Fault {
  fault: string;
  kind: FaultKind;
  schema: string;
  /** An example of the spec. */
  valid: Json;
  /** The same example with one fault. */
  invalid: Json;
}

/** The first example body of each webhook: what a client receives unasked. */
function webhookBodies(): { schema: string; body: Json }[] {
  return operations(spec)
    .filter(({ where, operation }) => where.startsWith("webhooks.") && operation.requestBody)
    .map(({ operation }) => {
      const media = resolve(spec, operation.requestBody).content["application/json"];
      const first = Object.values(media.examples ?? {})[0];
      return {
        schema: schemaRefName(media.schema)!,
        body: first === undefined ? media.example : resolve(spec, first).value,
      };
    })
    .filter(({ schema, body }) => schema && body && typeof body === "object");
}

/** The first example with a field `spoil` can make wrong, and that example with the field spoiled. */
function firstFault(
  kind: FaultKind,
  fault: string,
  bodies: { schema: string; body: Json }[],
  spoil: (field: Json, value: Json) => Json,
): Fault {
  for (const { schema, body } of bodies) {
    for (const [name, value] of Object.entries(body as Record<string, Json>)) {
      const field = resolve(spec, spec.components.schemas[schema]?.properties?.[name]);
      const wrong = field ? spoil(field, value) : undefined;
      if (wrong !== undefined)
        return { fault: `${fault} (${name})`, kind, schema, valid: body, invalid: { ...body, [name]: wrong } };
    }
  }
  throw new Error(`no example body of the spec lends itself to ${fault}`);
}

/** The first example whose schema requires a field, without that field. */
function firstMissing(bodies: { schema: string; body: Json }[]): Fault {
  for (const { schema, body } of bodies) {
    const name = (spec.components.schemas[schema]?.required ?? []).find((field: string) => field in body);
    if (!name) continue;
    const invalid = { ...body };
    delete invalid[name];
    return { fault: `a missing required field (${name})`, kind: "required", schema, valid: body, invalid };
  }
  throw new Error("no example body of the spec has a required field");
}

const isNumber = (field: Json) => field.type === "integer" || field.type === "number";
const isStringEnum = (field: Json) => Array.isArray(field.enum) && field.enum.every((v: Json) => typeof v === "string");

/** Faults made from the spec's own examples, so they follow the spec as it changes. */
export function faults(): Fault[] {
  const requests = generations();
  const webhooks = webhookBodies();
  return [
    firstFault("numeric-string", "a string of digits where a number is required", requests, (field, value) =>
      isNumber(field) && typeof value === "number" ? String(value) : undefined,
    ),
    firstFault("shape", "a string where a list is required", requests, (field, value) =>
      field.type === "array" && Array.isArray(value) ? "not a list" : undefined,
    ),
    firstFault("enum", "a value outside the enum", requests, (field, value) =>
      isStringEnum(field) && typeof value === "string" ? "not-one-of-the-values" : undefined,
    ),
    firstMissing(requests),
    ...(webhooks.length ? [firstMissing(webhooks)] : []),
  ];
}

export const FAULTS = faults();

export const faultLabel = (schema: string, fault: string, faulty: boolean) =>
  `${schema} ${faulty ? "with" : "without"} ${fault}`;

/** The value without its empty lists and objects, at any depth (what Go's `omitempty` writes). */
export function withoutEmpty(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== "object") return value;
  const isEmpty = (item: Json) => item !== null && typeof item === "object" && Object.keys(item).length === 0;
  const kept = Object.entries(value as Record<string, Json>).filter(([, item]) => !isEmpty(item));
  return Object.fromEntries(kept.map(([key, item]) => [key, withoutEmpty(item)]));
}

/** Every example of the spec, once per schema. */
export const exampleCases = (): Case[] =>
  specExamples(spec).map(({ label, schema, value }) => ({ label, schema, value }));

/** Every example of the spec, then each fault's body without and with it. */
export function parseCases(): Case[] {
  const faults = FAULTS.flatMap(({ fault, schema, valid, invalid }) => [
    { label: faultLabel(schema, fault, false), schema, value: valid },
    { label: faultLabel(schema, fault, true), schema, value: invalid },
  ]);
  return [...exampleCases(), ...faults];
}

/** What a driver answers for one case: whether the generated type took the value, and what it wrote back. */
export interface ParseOutcome {
  label: string;
  parsed: boolean;
  error?: string;
  value?: Json;
}

/** Writes the cases with each one's generated type name; the driver reads `type`. */
export function writeCases(file: string, typeOf: (schema: string) => string): Case[] {
  const cases = parseCases();
  writeFileSync(file, JSON.stringify(cases.map((c) => ({ ...c, type: typeOf(c.schema) }))));
  return cases;
}

export interface Submit {
  operationId: string;
  path: string;
  /** The generated type of the request body. */
  type: string;
  body: Json;
}

/** Every generation of the spec (each POST under `paths`): its request schema and first example. */
export function generations(): { operationId: string; path: string; schema: string; body: Json }[] {
  return operations(spec)
    .filter(({ where }) => where.startsWith("paths.") && where.endsWith(".post"))
    .map(({ where, operation }) => {
      const media = resolve(spec, operation.requestBody).content["application/json"];
      const first = Object.values(media.examples ?? {})[0];
      const body = first === undefined ? media.example : resolve(spec, first).value;
      if (body === undefined) throw new Error(`${operation.operationId} has no request example`);
      const schema = schemaRefName(media.schema);
      if (!schema) throw new Error(`${operation.operationId}'s request body is not a schema component`);
      return { operationId: operation.operationId, path: where.slice("paths.".length, -".post".length), schema, body };
    });
}

/** The task-result operation: the GET under `paths` whose required query parameter names the task. */
export function pollOperation(): { operationId: string; path: string; taskIdParam: string } {
  for (const { where, operation } of operations(spec)) {
    if (!where.startsWith("paths.") || !where.endsWith(".get")) continue;
    const query = ((operation.parameters ?? []) as Json[])
      .map((parameter) => resolve(spec, parameter))
      .find((parameter) => parameter.in === "query" && parameter.required);
    if (query) {
      return {
        operationId: operation.operationId,
        path: where.slice("paths.".length, -".get".length),
        taskIdParam: query.name,
      };
    }
  }
  throw new Error("the spec has no GET operation with a required query parameter");
}

/** The plan a driver's live mode follows. */
export interface LivePlan {
  baseUrl: string;
  key: string;
  pollPath: string;
  taskIdParam: string;
  timeoutMs: number;
  outDir: string;
  submits: Submit[];
}

export function writePlan(file: string, mock: Mock, outDir: string, typeOf: (schema: string) => string): LivePlan {
  const submits = generations().map(({ schema, ...generation }) => ({ ...generation, type: typeOf(schema) }));
  const { path, taskIdParam } = pollOperation();
  const plan = { baseUrl: mock.url, key: API_KEY, pollPath: path, taskIdParam, timeoutMs: 30_000, outDir, submits };
  writeFileSync(file, JSON.stringify(plan));
  return plan;
}

/** What a driver answers for one generation. */
export interface LiveOutcome {
  operationId: string;
  taskId?: string;
  /** Each status the task was seen in, in order, repeats dropped. */
  statuses?: string[];
  videoUrl?: string;
  /** Where the driver saved the video it downloaded. */
  file?: string;
  error?: string;
}

/** Runs a driver and reads the JSON it prints. */
export async function runDriver<T>(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const { stdout } = await run(command, args, { ...options, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout) as T;
}
