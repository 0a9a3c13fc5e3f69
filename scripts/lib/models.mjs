// generated/models/: one module per generation endpoint of the spec, exporting its descriptor
// `{ key, path, validate }`, so that an app that imports one model bundles one model's validator.
// Also generated/validators.js, which gathers every model's validator by API path.
import { compileModels, validatorsModule } from "./compile-validators.mjs";

const ASYNC_PREFIX = "/v3/async/";

/** A model descriptor's export name: its operationId without `create` (`createViduQ3TurboI2V` → `viduQ3TurboI2V`). */
export const descriptorName = (operationId) => operationId.charAt(6).toLowerCase() + operationId.slice(7);

/**
 * Every generation endpoint of the spec, in the spec's order: its model key (the path's last segment),
 * its path, its export name (the operationId without `create`: `createViduQ3TurboI2V` → `viduQ3TurboI2V`)
 * and its request-body schema.
 * @param {any} doc the bundled spec
 */
export function modelEntries(doc) {
  const entries = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const schema = item.post?.requestBody?.content?.["application/json"]?.schema;
    if (!schema) continue;
    const { operationId = "", summary } = item.post;
    if (!path.startsWith(ASYNC_PREFIX)) throw new Error(`${path}: a model path must start with ${ASYNC_PREFIX}`);
    if (!/^create[A-Z]\w*$/.test(operationId))
      throw new Error(`${path}: operationId "${operationId}" must be create<Model>`);
    const name = descriptorName(operationId);
    entries.push({ key: path.slice(ASYNC_PREFIX.length), path, name, summary, schema });
  }
  return entries;
}

const TYPES = `import type { paths } from "../schema.js";
import type { ValidationIssue } from "../validators.js";

/** A model key: the last segment of a generation endpoint's path, e.g. \`vidu-q3-turbo-i2v\`. */
export type ModelKey = {
  [P in keyof paths]: P extends \`/v3/async/\${infer M}\` ? (paths[P] extends { post: object } ? M : never) : never;
}[keyof paths];

/** The request body of a model, as the spec defines it. */
export type ModelBody<K extends ModelKey> = NonNullable<
  paths[\`/v3/async/\${K}\`]["post"]["requestBody"]
>["content"]["application/json"];

/** What a client needs to call a model: its key, its path and its body's validator. */
export interface ModelDescriptor<K extends ModelKey = ModelKey> {
  /** The model key, the last segment of its path: \`vidu-q3-turbo-i2v\`. */
  readonly key: K;
  /** The API path the body is posted to. */
  readonly path: \`/v3/async/\${K}\`;
  /** Checks a body against the spec: returns its problems, none when it is valid. */
  readonly validate: (body: unknown) => ValidationIssue[];
}
`;

/**
 * @param {any} doc the bundled spec
 * @param {string} header the comment each file starts with
 * @returns {Record<string, string>} file name (relative to generated/) to contents
 */
export function buildModelModules(doc, header) {
  const models = modelEntries(doc);
  const files = compileModels(doc, models, header);
  files["models/_types.d.ts"] = `// ${header}\n${TYPES}`;
  for (const { key, name, path, summary } of models) {
    files[`models/${key}.d.ts`] = [
      `// ${header}`,
      'import type { ModelDescriptor } from "./_types.js";',
      "",
      `/** ${summary ?? key}: \`POST ${path}\`. Pass it to \`run\` or \`submit\`. */`,
      `export declare const ${name}: ModelDescriptor<${JSON.stringify(key)}>;`,
      "",
    ].join("\n");
  }
  files["models/index.d.ts"] = [
    `// ${header}`,
    'export type { ModelBody, ModelDescriptor, ModelKey } from "./_types.js";',
    ...models.map(({ key, name }) => `import { ${name} } from "./${key}.js";`),
    "",
    `export { ${models.map(({ name }) => name).join(", ")} };`,
    "",
    "/** Every model's descriptor, by model key: importing it bundles every validator. */",
    "export declare const allModels: {",
    ...models.map(({ key, name }) => `  readonly ${JSON.stringify(key)}: typeof ${name};`),
    "};",
    "",
  ].join("\n");
  files["validators.js"] = validatorsModule(header);
  return files;
}
