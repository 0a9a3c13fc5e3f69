// generated/models/: one module per generation endpoint of the spec, exporting its descriptor
// `{ key, path, validate }`, so that an app that imports one model bundles one model's validator.
// Also generated/validators.js, which gathers every model's validator by API path.
import { modelOperations } from "./catalog.mjs";
import { compileModels, validatorsModule } from "./compile-validators.mjs";

const types = (modelPaths) => `import type { paths } from "../schema.js";
import type { ValidationIssue } from "../validators.js";

${modelPaths}

/** A model key: the last segment of a generation endpoint's path, e.g. \`vidu-q3-turbo-i2v\`. */
export type ModelKey = keyof ModelPaths;

/** The request body of a model, as the spec defines it. */
export type ModelBody<K extends ModelKey> = NonNullable<
  paths[ModelPaths[K]]["post"]["requestBody"]
>["content"]["application/json"];

/** What a client needs to call a model: its key, its path and its body's validator. */
export interface ModelDescriptor<K extends ModelKey = ModelKey> {
  /** The model key, the last segment of its path: \`vidu-q3-turbo-i2v\`. */
  readonly key: K;
  /** The API path the body is posted to. */
  readonly path: ModelPaths[K];
  /** Checks a body against the spec: returns its problems, none when it is valid. */
  readonly validate: (body: unknown) => ValidationIssue[];
}
`;

/**
 * models/index.js and its types, from the same entries: every descriptor by its export name, and
 * `allModels`, the descriptors by model key.
 * @param {{ key: string, name: string }[]} models
 * @param {string} header
 */
function indexModules(models, header) {
  const index = (declare) =>
    [
      `// ${header}`,
      ...(declare ? ['export type { ModelBody, ModelDescriptor, ModelKey } from "./_types.js";'] : []),
      ...models.map(({ key, name }) => `import { ${name} } from "./${key}.js";`),
      "",
      `export { ${models.map(({ name }) => name).join(", ")} };`,
      "",
      "/** Every model's descriptor, by model key: importing it bundles every validator. */",
      declare ? "export declare const allModels: {" : "export const allModels = {",
      ...models.map(({ key, name }) =>
        declare ? `  readonly ${JSON.stringify(key)}: typeof ${name};` : `  ${JSON.stringify(key)}: ${name},`,
      ),
      "};",
      "",
    ].join("\n");
  return { "models/index.js": index(false), "models/index.d.ts": index(true) };
}

/**
 * @param {any} doc the bundled spec
 * @param {string} header the comment each file starts with
 * @returns {Record<string, string>} file name (relative to generated/) to contents
 */
export function buildModelModules(doc, header) {
  const models = modelOperations(doc);
  const files = compileModels(doc, models, header);
  const paths = models.map(({ key, path }) => `  ${JSON.stringify(key)}: ${JSON.stringify(path)};`);
  const modelPaths = ["/** Each model's API path, by model key. */", "export interface ModelPaths {", ...paths, "}"];
  files["models/_types.d.ts"] = `// ${header}\n${types(modelPaths.join("\n"))}`;
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
  Object.assign(files, indexModules(models, header));
  files["validators.js"] = validatorsModule(header);
  return files;
}
