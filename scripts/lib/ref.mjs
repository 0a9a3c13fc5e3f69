// The one way this package follows a `$ref` inside a document (the bundled spec): the generator
// (the validator compiler, the model catalog, the docs, the mock's modules) and the tests all read
// the spec through it. Plain JavaScript, so the scripts run by Node load it as it is.

/**
 * The value a local `$ref` (`#/components/schemas/TaskResult`) points at in `doc`. The pointer's
 * segments are unescaped as JSON Pointer (`~1` is `/`, `~0` is `~`) and URI fragment (`%20`) say.
 * @param {unknown} doc the document the reference lives in
 * @param {string} ref the `$ref` value
 * @returns {any}
 */
export function refTarget(doc, ref) {
  if (ref !== "#" && !ref.startsWith("#/"))
    throw new Error(`cannot resolve $ref ${ref}: only local references (#/…) are`);
  const segments = ref === "#" ? [] : ref.slice(2).split("/");
  /** @type {any} */
  let at = doc;
  for (const segment of segments) {
    const key = decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
    if (at === null || typeof at !== "object" || !Object.hasOwn(at, key)) {
      throw new Error(`cannot resolve $ref ${ref}: nothing at ${JSON.stringify(key)}`);
    }
    at = at[key];
  }
  return at;
}

/**
 * `node` itself, or, when it is a `$ref`, what the reference (and any reference that points at)
 * finally points at. A loop of references is an error, not a hang.
 * @param {unknown} doc
 * @param {any} node
 * @returns {any}
 */
export function resolveRef(doc, node) {
  const seen = new Set();
  while (typeof node?.$ref === "string") {
    if (seen.has(node.$ref)) throw new Error(`$ref ${node.$ref} is circular`);
    seen.add(node.$ref);
    node = refTarget(doc, node.$ref);
  }
  return node;
}

/**
 * Like resolveRef, for a schema: keywords written beside a `$ref` (a model's own `description` or
 * `default` for a shared component) win over the target's, as JSON Schema 2020-12 applies both.
 * @param {unknown} doc
 * @param {any} node
 * @param {Set<string>} [seen] the references followed to get here
 * @returns {any}
 */
export function resolveSchema(doc, node, seen = new Set()) {
  if (typeof node?.$ref !== "string") return node;
  const { $ref, ...beside } = node;
  if (seen.has($ref)) throw new Error(`$ref ${$ref} is circular`);
  const resolved = resolveSchema(doc, refTarget(doc, $ref), new Set([...seen, $ref]));
  return Object.keys(beside).length === 0 ? resolved : { ...resolved, ...beside };
}
