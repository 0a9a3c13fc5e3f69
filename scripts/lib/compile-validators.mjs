// Compiles the spec's request-body schemas into one small, self-contained ES module of validators:
// no dependency, no eval, so it runs under a strict CSP, in browsers and in workers.
//
// Why not a general JSON Schema compiler: the client ships these validators to browsers, and a
// general compiler's output for the three bodies is ~2.7 KB gzipped, half the client's whole budget.
// This one knows only the keywords the spec uses, compiles each component once into a line of
// combinator calls (scripts/lib/validator-runtime.js), and throws on any keyword it does not
// enforce, so no constraint is ever skipped silently. test/validators.test.ts checks its verdicts
// against @exodus/schemasafe, a general compiler.
import { readFileSync } from "node:fs";
import { refTarget } from "../../src/ref.mjs";

const RUNTIME = readFileSync(new URL("./validator-runtime.js", import.meta.url), "utf8");
const ANNOTATIONS = new Set(["title", "description", "default", "examples", "example", "deprecated"]);
const ENFORCED = new Set([
  ...["type", "enum", "const", "minimum", "maximum", "minLength", "maxLength", "pattern"],
  ...["items", "minItems", "maxItems", "properties", "required", "additionalProperties", "not", "$ref"],
]);
const lit = (v) => JSON.stringify(v);
const COMPONENT_REF = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/;

/**
 * The field and the message for a "not both" rule, `not: { required: [off_peak, audio], properties:
 * { off_peak: { const: true }, audio: { const: true } } }`: off_peak, "must not be true when audio is true".
 */
function describeNot({ required = [], properties = {}, type = "object", ...rest }, where) {
  const names = Object.keys(properties);
  const simple =
    type === "object" &&
    Object.keys(rest).every((key) => ANNOTATIONS.has(key)) &&
    names.length > 1 &&
    names.every((n) => required.includes(n) && Object.keys(properties[n]).join() === "const");
  if (!simple)
    throw new Error(`${where}/not: only rules of the form "not both a is x and b is y" can be put into messages`);
  const [field = "", ...others] = names; // names.length > 1 above
  const when = others.map((n) => `${n} is ${lit(properties[n].const)}`).join(" and ");
  return { field, text: `must not be ${lit(properties[field].const)} when ${when}` };
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
      const { field, text } = describeNot(schema.not, where);
      checks.push(`none(${this.node(schema.not, `${where}/not`)}, ${lit(field)}, ${lit(text)})`);
    }
    const types = schema.type === undefined ? "undefined" : lit([schema.type].flat());
    return `schema(${[types, ...checks].join(", ")})`;
  }
}

/**
 * @param {any} doc the bundled spec
 * @param {Record<string, object>} bodies request-body schemas by API path
 * @returns {string} the ES module's source
 */
export function compileValidators(doc, bodies) {
  const compiler = new Compiler(doc);
  const entries = Object.entries(bodies).map(([path, schema]) => `  ${lit(path)}: ${compiler.node(schema, path)},`);
  return [
    RUNTIME,
    ...compiler.patterns.map((source, i) => `const P${i} = new RegExp(${lit(source)}, "u");`),
    ...[...compiler.components].map(([name, source]) => `const ${name} = ${source};`),
    "",
    "/** Request-body checks by API path. */",
    "const checks = {",
    ...entries,
    "};",
    "",
    "/** The API paths that take a JSON request body. */",
    "export const requestBodyPaths = Object.keys(checks);",
    "",
    "/** Validates a request body for an API path: returns its problems, none when it is valid. */",
    "export const validateRequestBody = (path, body) => {",
    '  if (!Object.hasOwn(checks, path)) throw new TypeError(String(path) + " takes no JSON request body");',
    "  const issues = [];",
    '  checks[path](body, "", issues);',
    "  return issues;",
    "};",
    "",
  ].join("\n");
}
