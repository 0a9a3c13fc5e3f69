// The jobs file of `novita-vidu batch`: JSON Lines, one job a line, every line checked (and its images
// read) before anything is sent. A job is `{"model": …, "body": {…}}` or `{"model": …, <fields as
// flags>}` (`"prompt": "…", "image": "cat.png", "duration": 5`), with an optional `"out"` file name.
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { allModels } from "../../../generated/models/index.js";
import { invalid, ViduValidationError } from "../../client/errors.js";
import { buildBody, usageFromValidation } from "../body.js";
import { UsageError } from "../shared/errors.js";
import { didYouMean, unknownModel } from "../checks.js";
import { models, type Field, type Model } from "../fields.js";

/** The largest jobs file read, and the most jobs in one: each job is a billed task. */
export const MAX_JOBS_BYTES = 64 * 1024 * 1024;
export const MAX_JOBS = 10_000;

export interface Job {
  /** The line of the jobs file, from 1. */
  line: number;
  /**
   * What the journal knows the job by: a hash of its line, and which of the identical lines it is,
   * so that inserting or moving lines does not make a submitted job new (and billed again).
   */
  id: string;
  model: string;
  body: Record<string, unknown>;
  /** The file name of its video in --out-dir. */
  out: string;
}

const JOB_KEYS = ["model", "body", "out"];

/** `{"image": "a.png"}` → commander's options `{ image: ["a.png"] }`, typed as the flag would be. */
function asFlags(fields: Field[], job: Record<string, unknown>, where: string): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(job)) {
    if (JOB_KEYS.includes(key)) continue;
    const flag = `--${key.replace(/_/g, "-")}`;
    const field = fields.find((f) => f.flag === flag || f.name === key);
    if (!field) {
      const names = fields.map((f) => f.flag.slice(2));
      throw new UsageError(
        `${where}: "${key}" is not a field of this model (fields: ${names.join(", ")})${didYouMean(key, names)}`,
      );
    }
    const camel = field.flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const many = field.kind === "list" || field.kind === "records";
    const values = many && Array.isArray(value) ? value : [value];
    const typed = (v: unknown) => {
      if (
        field.kind === "boolean"
          ? typeof v === "boolean"
          : field.kind === "json"
            ? true
            : ["string", "number"].includes(typeof v)
      )
        return field.kind === "json" && typeof v !== "string" ? JSON.stringify(v) : v;
      throw new UsageError(
        `${where}: "${key}" must be ${field.kind === "boolean" ? "true or false" : "a string or a number"}`,
      );
    };
    options[camel] = many ? values.map((v) => String(typed(v))) : typed(value);
  }
  return options;
}

/** One line, parsed and checked: its body built (images read) and validated as the submit would. */
async function parseJob(text: string, line: number, byKey: Map<string, Model>, where: string) {
  let job: unknown;
  try {
    job = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${where}: not JSON (${(error as Error).message})`);
  }
  if (!job || typeof job !== "object" || Array.isArray(job)) throw new UsageError(`${where}: must be a JSON object`);
  const record = job as Record<string, unknown>;
  const key = record["model"];
  const model = typeof key === "string" ? byKey.get(key) : undefined;
  if (!model) {
    const what = typeof key === "string" ? unknownModel(key, [...byKey.keys()]) : "no model named";
    throw new UsageError(`${where}: "model": ${what}`);
  }
  const out = record["out"] ?? `line-${line}.mp4`;
  if (typeof out !== "string" || out !== basename(out) || out.startsWith(".") || out.length > 200)
    throw new UsageError(`${where}: "out" must be a plain file name in --out-dir (got ${JSON.stringify(out)})`);
  let body: Record<string, unknown>;
  if ("body" in record) {
    const given = record["body"];
    if (Object.keys(record).some((k) => !JOB_KEYS.includes(k)))
      throw new UsageError(`${where}: give "body" or the fields as flags, not both`);
    if (!given || typeof given !== "object" || Array.isArray(given))
      throw new UsageError(`${where}: "body" must be an object`);
    body = given as Record<string, unknown>;
    const issues = allModels[model.key as keyof typeof allModels].validate(body);
    if (issues[0]) throw new UsageError(`${where}: body: ${issues.map((i) => i.message).join("; ")}`);
  } else {
    try {
      body = await buildBody(model.fields, asFlags(model.fields, record, where));
    } catch (error) {
      if (error instanceof UsageError && error.message.startsWith(where)) throw error;
      if (error instanceof UsageError) throw new UsageError(`${where}: ${error.message}`);
      if (error instanceof ViduValidationError)
        throw new UsageError(`${where}: ${error.issues.map((i) => i.message).join("; ")}`);
      throw error;
    }
    const issues = allModels[model.key as keyof typeof allModels].validate(body);
    if (issues[0])
      throw new UsageError(`${where}: ${usageFromValidation(invalid(model.key, issues), model.fields)!.message}`);
  }
  return { line, model: model.key, body, out };
}

/** Reads and checks every job of `file`; the first bad line is a UsageError naming the line and the field. */
export async function readJobs(file: string): Promise<Job[]> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${file}: no such jobs file (a regular file of JSON lines)`);
  if (info.size > MAX_JOBS_BYTES) throw new UsageError(`${file} is larger than ${MAX_JOBS_BYTES >> 20} MB`);
  const lines = (await readFile(file, "utf8")).split("\n");
  const byKey = new Map(models().map((m) => [m.key, m]));
  const jobs: Job[] = [];
  const seen = new Map<string, number>();
  const outs = new Map<string, number>();
  for (const [index, raw] of lines.entries()) {
    const text = raw.trim();
    if (!text) continue;
    if (jobs.length === MAX_JOBS) throw new UsageError(`${file} has more than ${MAX_JOBS} jobs: split it`);
    const line = index + 1;
    const job = await parseJob(text, line, byKey, `${file} line ${line}`);
    const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
    const nth = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, nth);
    const earlier = outs.get(job.out);
    if (earlier) throw new UsageError(`${file} line ${line}: "out" ${job.out} is also line ${earlier}'s`);
    outs.set(job.out, line);
    jobs.push({ ...job, id: `${hash}-${nth}` });
  }
  if (!jobs.length) throw new UsageError(`${file} has no jobs`);
  return jobs;
}
