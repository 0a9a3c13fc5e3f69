// Extracts the values the spec keeps in `x-` extensions (and the models, from the catalog's entries)
// into a constants module, so the runtime reads each limit from the spec instead of restating it.
import { resolveRef } from "./ref.mjs";
import { modelOperations } from "./catalog.mjs";
import { IMAGE_ASPECTS, RULE_ASPECTS } from "./upstream/spec-facts.mjs";

const TASK_RESULT_PATH = "/v3/async/task-result";

function required(value, what) {
  if (value === undefined) throw new Error(`the spec lost ${what}`);
  return value;
}

/** The limits each image input component carries, by the aspect names of spec/EXTENSIONS.md. */
const imageLimits = (schemas) =>
  Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => name.startsWith("ImageInput"))
      .map(([name, schema]) => [
        name,
        Object.fromEntries(
          IMAGE_ASPECTS.flatMap((aspect) =>
            RULE_ASPECTS[aspect] in schema ? [[aspect, schema[RULE_ASPECTS[aspect]]]] : [],
          ),
        ),
      ]),
  );

/**
 * A pattern that finds any of `codes` as a whole word: their common start, then one of the rest
 * (`\b0080070(?:01|…|99)\b`), so that the table of codes is the one list of them.
 * @param {string[]} codes
 */
function codePattern(codes) {
  let start = codes[0] ?? "";
  for (const code of codes) while (!code.startsWith(start)) start = start.slice(0, -1);
  return new RegExp(`\\b${start}(?:${codes.map((c) => c.slice(start.length)).join("|")})\\b`);
}

/** @param {any} doc the bundled spec */
export function extractConstants(doc) {
  const schemas = doc.components.schemas;
  const image = schemas.ImageInput;
  const models = {};
  const maxBodyBytes = {};
  for (const { key, path, operationId, summary, schema } of modelOperations(doc)) {
    const body = resolveRef(doc, schema);
    models[key] = { path, operationId, summary };
    if (body["x-max-body-bytes"] !== undefined) maxBodyBytes[path] = body["x-max-body-bytes"];
  }
  required(doc.paths[TASK_RESULT_PATH]?.get, TASK_RESULT_PATH);
  const values = {
    TASK_RESULT_PATH,
    MODELS: models,
    IMAGE_FORMATS: required(image["x-image-formats"], "ImageInput x-image-formats"),
    MAX_IMAGE_BYTES: required(image["x-max-image-bytes"], "ImageInput x-max-image-bytes"),
    IMAGE_ASPECT_RATIO_RANGE: required(image["x-aspect-ratio-range"], "ImageInput x-aspect-ratio-range"),
    MAX_BODY_BYTES: maxBodyBytes,
    IMAGE_LIMITS: imageLimits(schemas),
    TASK_FAILURE_CODES: required(
      schemas.Task.properties.reason["x-vidu-failure-codes"],
      "Task.reason x-vidu-failure-codes",
    ),
  };
  values.TASK_FAILURE_CODE = codePattern(Object.keys(values.TASK_FAILURE_CODES));
  const docs = {
    TASK_RESULT_PATH: "The path of the task-result endpoint.",
    MODELS: "Every generation endpoint, by model key (the last segment of its path).",
    IMAGE_FORMATS: "Image formats the API accepts.",
    MAX_IMAGE_BYTES: "Largest image the API accepts, in bytes.",
    IMAGE_ASPECT_RATIO_RANGE: "Smallest and largest accepted aspect ratio (width / height) of an input image.",
    MAX_BODY_BYTES: "Largest request body, in bytes, for the paths that document one.",
    IMAGE_LIMITS:
      "The limits the pages state on each kind of image input, by its spec component: pass one to `toImageInput` or `imageFromFile`.",
    TASK_FAILURE_CODES: "Vidu's failure codes, which a failed task's `reason` can carry, with their meanings.",
    TASK_FAILURE_CODE: "Finds a code of `TASK_FAILURE_CODES` in a failed task's `reason`.",
  };
  const literal = (value) => (value instanceof RegExp ? String(value) : JSON.stringify(value, null, 2));
  const js = Object.entries(values)
    .map(([name, value]) => `/** ${docs[name]} */\nexport const ${name} = ${literal(value)};\n`)
    .join("\n");
  const dts = Object.entries(values)
    .map(
      ([name, value]) =>
        `/** ${docs[name]} */\nexport declare const ${name}: ${value instanceof RegExp ? "RegExp" : literal(value)};\n`,
    )
    .join("\n");
  return { js, dts };
}
