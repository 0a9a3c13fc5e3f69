// Compiles the spec's request-body schemas into small ES modules of validators, one per model, so an
// app bundles only the models it imports: no dependency, no eval, so they run under a strict CSP, in
// browsers and in workers.
//
// Why not a general JSON Schema compiler: the client ships these validators to browsers, and a
// general compiler's output for the three bodies is ~2.7 KB gzipped, half the client's whole budget.
// This one knows only the keywords the spec uses, compiles each component once into a line of
// combinator calls (scripts/lib/validator-runtime.js), and throws on any keyword it does not
// enforce, so no constraint is ever skipped silently. test/validators.test.ts checks its verdicts
// against @exodus/schemasafe, a general compiler.
import { readFileSync } from "node:fs";
import { refTarget, resolveRef } from "./ref.mjs";

const RUNTIME = readFileSync(new URL("./validator-runtime.js", import.meta.url), "utf8");
const ANNOTATIONS = new Set(["title", "description", "default", "examples", "example", "deprecated"]);
/** The keywords the compiler turns into checks (test/upstream/trace.test.ts checks each is traced to a page). */
export const ENFORCED = new Set([
  ...["type", "enum", "const", "minimum", "maximum", "minLength", "maxLength", "pattern"],
  ...["items", "minItems", "maxItems", "properties", "required", "additionalProperties", "not", "$ref"],
]);
const lit = (v) => JSON.stringify(v);
const COMPONENT_REF = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/;

/**
 * The field and the message of a rule between fields: a `not` whose properties are all required, each a
 * `const` or an `enum` (the form spec/components/schemas/README.md describes). The first property is
 * the field at fault, the others the condition:
 * `{ required: [off_peak, audio], properties: { off_peak: { const: true }, audio: { const: true } } }`
 * gives off_peak, "must not be true when audio is true". When the field's own schema (`field`, after
 * its `$ref`) is an enum, the message names what is left:
 * `{ resolution: { enum: ["360p", "1080p"] }, duration: { const: 8 } }` gives resolution,
 * 'must be "720p" when duration is 8'. The message is written here, so the runtime's `none` stays one line.
 * @param {any} rule the `not`
 * @param {any} parent the schema the `not` is on
 * @param {(schema: any) => any} deref follows a field's `$ref`s
 * @param {string} where
 */
export function describeNot({ required = [], properties = {}, type = "object", ...rest }, parent, deref, where) {
  const names = Object.keys(properties);
  /** @type {(n: string) => unknown[] | undefined} */
  const values = (n) => {
    const { const: value, enum: list, ...more } = properties[n] ?? {};
    if (Object.keys(more).length > 0) return undefined;
    return list === undefined ? (value === undefined ? undefined : [value]) : value === undefined ? list : undefined;
  };
  const simple =
    type === "object" &&
    Object.keys(rest).every((key) => ANNOTATIONS.has(key) || key.startsWith("x-")) &&
    names.length > 1 &&
    required.length === names.length &&
    names.every((n) => required.includes(n) && values(n)?.length);
  if (!simple)
    throw new Error(`${where}/not: only rules of the form "not both a is x and b is y" can be put into messages`);
  const [field = "", ...others] = names; // names.length > 1 above
  const or = (list) => list.map(lit).join(" or ");
  const when = `when ${others.map((n) => `${n} is ${or(values(n) ?? [])}`).join(" and ")}`;
  const bad = values(field) ?? [];
  const own = deref(parent.properties?.[field] ?? {}).enum;
  // A value the field cannot take (a typo: "1080P") would make the rule never apply.
  if (own && !bad.every((v) => own.includes(v)))
    throw new Error(`${where}/not: ${field} may be only ${or(own)}, so the rule's ${or(bad)} can never match`);
  const left = own?.filter((v) => !bad.includes(v)) ?? [];
  const text =
    left.length === 0
      ? `must not be ${or(bad)} ${when}`
      : `must be ${left.length === 1 ? "" : "one of "}${left.map(lit).join(", ")} ${when}`;
  return { field, text };
}

class Compiler {
  constructor(doc) {
    this.doc = doc;
    this.patterns = [];
    this.components = new Map(); // name -> source, in dependency order
  }

  ref(ref, where) {
    // Each component becomes one named function: only `#/components/schemas/<Name>` is taken.
    const name = COMPONENT_REF.exec(ref)?.[1];
    if (!name) throw new Error(`${where}: cannot resolve $ref ${ref}: only #/components/schemas/<Name> is supported`);
    const schema = (() => {
      try {
        return refTarget(this.doc, ref);
      } catch (error) {
        throw new Error(`${where}: ${/** @type {Error} */ (error).message}`, { cause: error });
      }
    })();
    if (this.components.get(name) === null) throw new Error(`${where}: $ref ${ref} is circular`);
    if (!this.components.has(name)) {
      this.components.set(name, null);
      const source = this.node(schema, `#/components/schemas/${name}`);
      this.components.delete(name); // re-insert after the components it uses, so each is defined first
      this.components.set(name, source);
    }
    return name;
  }

  node(schema, where) {
    for (const key of Object.keys(schema)) {
      if (!ENFORCED.has(key) && !ANNOTATIONS.has(key) && !key.startsWith("x-"))
        throw new Error(`${where}: keyword "${key}" is not enforced by the validator compiler`);
    }
    if (schema.$ref) {
      const extra = Object.keys(schema).filter((k) => k !== "$ref" && ENFORCED.has(k));
      if (extra.length > 0) throw new Error(`${where}: keywords beside $ref (${extra}) are not supported`);
      return this.ref(schema.$ref, where);
    }
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== false)
      throw new Error(`${where}: only "additionalProperties: false" is supported`);
    const checks = [];
    if (schema.enum) checks.push(`oneOf(${lit(schema.enum)})`);
    if (schema.const !== undefined) checks.push(`oneOf([${lit(schema.const)}], "const")`);
    if (schema.minimum !== undefined || schema.maximum !== undefined)
      checks.push(`range(${lit(schema.minimum)}, ${lit(schema.maximum)})`);
    if (schema.minLength !== undefined || schema.maxLength !== undefined)
      checks.push(`length(${lit(schema.minLength)}, ${lit(schema.maxLength)})`);
    if (schema.pattern) {
      if (!this.patterns.includes(schema.pattern)) this.patterns.push(schema.pattern);
      // `x-pattern-message` says in words what the pattern asks for ("must be an http(s) URL").
      const text = schema["x-pattern-message"] ? `, ${lit(schema["x-pattern-message"])}` : "";
      checks.push(`pattern(P${this.patterns.indexOf(schema.pattern)}${text})`);
    }
    // The spec's byte limits: an inline (data URI) image's decoded size, and the whole JSON body's.
    if (schema["x-max-image-bytes"] !== undefined) checks.push(`dataBytes(${lit(schema["x-max-image-bytes"])})`);
    if (schema["x-max-inline-image-bytes"] !== undefined)
      checks.push(`dataBytes(${lit(schema["x-max-inline-image-bytes"])}, "InlineImageBytes")`);
    if (schema["x-max-body-bytes"] !== undefined) checks.push(`jsonBytes(${lit(schema["x-max-body-bytes"])})`);
    if (schema.minItems !== undefined || schema.maxItems !== undefined)
      checks.push(`count(${lit(schema.minItems)}, ${lit(schema.maxItems)})`);
    if (schema.items) checks.push(`items(${this.node(schema.items, `${where}/items`)})`);
    if (schema.properties || schema.required || schema.additionalProperties === false) {
      const props = Object.entries(schema.properties ?? {}).map(
        ([name, sub]) => `${lit(name)}: ${this.node(sub, `${where}/properties/${name}`)}`,
      );
      checks.push(
        `object(${lit(schema.required ?? [])}, { ${props.join(", ")} }, ${schema.additionalProperties === false})`,
      );
    }
    if (schema.not) {
      const { field, text } = describeNot(schema.not, schema, (s) => resolveRef(this.doc, s), where);
      checks.push(`none(${this.node(schema.not, `${where}/not`)}, ${lit(field)}, ${lit(text)})`);
    }
    const types = schema.type === undefined ? "undefined" : lit([schema.type].flat());
    return `schema(${[types, ...checks].join(", ")})`;
  }
}

/** The names the runtime defines at its top level: what the generated modules may call. */
const RUNTIME_NAMES = [...RUNTIME.matchAll(/^(?:const|function) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);

/**
 * Marks every call of a runtime combinator `/* @__PURE__ *\/`, skipping string literals, so that a
 * bundler drops the components (and their patterns) an app never reaches.
 * @param {string} source
 */
function pure(source) {
  const names = RUNTIME_NAMES.join("|");
  return source.replace(new RegExp(`("(?:[^"\\\\]|\\\\.)*")|\\b(${names})\\(`, "g"), (match, string, name) =>
    string ? match : `/* @__PURE__ */ ${name}(`,
  );
}

/**
 * @typedef {{ key: string, path: string, name: string, summary?: string, schema: object }} ModelEntry
 *   one generation endpoint: its model key, API path, export name, summary and request-body schema
 */

/**
 * Compiles the request-body schemas into ES modules, one per model, so that an app bundles only the
 * validators of the models it imports:
 * - `models/_runtime.js`: the combinators (scripts/lib/validator-runtime.js) and `validator`;
 * - `models/_components.js`: the patterns and every component schema a body uses, each its own export;
 * - `models/<key>.js`: the model's descriptor `{ key, path, validate }`, under its export name.
 * @param {any} doc the bundled spec
 * @param {ModelEntry[]} models
 * @param {string} header the first line of each file (a comment)
 * @returns {Record<string, string>} file name (relative to generated/) to contents
 */
export function compileModels(doc, models, header) {
  const compiler = new Compiler(doc);
  const checks = models.map((model) => compiler.node(model.schema, model.path));
  const shared = [...compiler.patterns.map((_, i) => `P${i}`), ...compiler.components.keys()];
  const files = {
    "models/_runtime.js": [
      `// ${header}`,
      RUNTIME,
      "/** A body's validator: its problems, none when it is valid. */",
      'const validator = (check) => (body) => {\n  const issues = [];\n  check(body, "", issues);\n  return issues;\n};',
      `export { ${[...RUNTIME_NAMES, "validator"].join(", ")} };`,
      "",
    ].join("\n"),
    // The checks src/inputs/image.ts applies to an image before it is encoded, shared with it.
    "models/_runtime.d.ts": [
      `// ${header}`,
      "/** A check of one value at a path: it records each problem as `{ field, rule, message }`. */",
      "export type Check = (value: unknown, path: string, issues: { field: string; rule: string; message: string }[]) => void;",
      "/** An inline image's decoded size, at most `max` bytes (`rule` names the limit, after `max`). */",
      "export declare function dataBytes(max: number, rule?: string): Check;",
      "",
    ].join("\n"),
    "models/_components.js": [
      `// ${header}`,
      `import { ${RUNTIME_NAMES.filter((n) => [...compiler.components.values()].some((c) => c.includes(`${n}(`))).join(", ")} } from "./_runtime.js";`,
      // As literals, which a bundler drops when unused (RegExp's own toString escapes what needs it).
      ...compiler.patterns.map((source, i) => `export const P${i} = ${String(new RegExp(source, "u"))};`),
      ...[...compiler.components].map(([name, source]) => `export const ${name} = ${pure(source)};`),
      "",
    ].join("\n"),
  };
  models.forEach((model, i) => {
    const check = checks[i] ?? "";
    const used = shared.filter((name) => new RegExp(`\\b${name}\\b`).test(check));
    files[`models/${model.key}.js`] = [
      `// ${header}`,
      `import { ${["validator", ...RUNTIME_NAMES.filter((n) => new RegExp(`\\b${n}\\(`).test(check))].join(", ")} } from "./_runtime.js";`,
      ...(used.length > 0 ? [`import { ${used.join(", ")} } from "./_components.js";`] : []),
      "",
      `/** ${model.summary ?? model.key}: \`POST ${model.path}\`. */`,
      `export const ${model.name} = {`,
      `  key: ${lit(model.key)},`,
      `  path: ${lit(model.path)},`,
      `  validate: /* @__PURE__ */ validator(${pure(check)}),`,
      "};",
      "",
    ].join("\n");
  });
  return files;
}

/**
 * The module behind `novita-vidu/validators`: every model's validator, by API path.
 * @param {string} header
 */
export function validatorsModule(header) {
  return [
    `// ${header}`,
    'import { allModels } from "./models/index.js";',
    "",
    "const checks = Object.fromEntries(Object.values(allModels).map((model) => [model.path, model.validate]));",
    "",
    "/** The API paths that take a JSON request body. */",
    "export const requestBodyPaths = Object.keys(checks);",
    "",
    "/** Validates a request body for an API path: returns its problems, none when it is valid. */",
    "export const validateRequestBody = (path, body) => {",
    '  if (!Object.hasOwn(checks, path)) throw new TypeError(String(path) + " takes no JSON request body");',
    "  return checks[path](body);",
    "};",
    "",
  ].join("\n");
}
