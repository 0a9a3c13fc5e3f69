// The combinators every generated validator is built from; scripts/lib/compile-validators.mjs copies
// this file, verbatim, to the top of generated/validators.js. A check is `(value, path, issues)`: it
// records `{ field, rule, message }` for each problem. As in JSON Schema, a keyword applies only to
// values of its own kind (a length limit ignores numbers). A property whose value is `undefined`
// counts as absent, because JSON.stringify leaves it out of the body that is sent.
const show = (v) => JSON.stringify(v);
const kind = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
const A = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  array: "an array",
  object: "an object",
};
const fail = (e, p, rule, text) => e.push({ field: p || "(body)", rule, message: `${p || "the body"} ${text}` });
const bounds = (min, max, unit) =>
  max === undefined
    ? `at least ${min}${unit}`
    : min === undefined
      ? `at most ${max}${unit}`
      : `between ${min} and ${max}${unit}`;
const limit = (n, min, max, rule, unit, p, e) => {
  if (n < min || n > max) fail(e, p, (n < min ? "min" : "max") + rule, `must be ${bounds(min, max, unit)}`);
};
const chars = (s) => (/[\uD800-\uDFFF]/.test(s) ? [...s].length : s.length);

/** A schema: its `type` (checked first; nothing else is checked when it fails), then its other keywords. */
const schema =
  (types, ...checks) =>
  (v, p, e) => {
    const k = kind(v);
    if (types && !types.includes(k) && !(k === "integer" && types.includes("number")))
      return fail(e, p, "type", `must be ${types.map((t) => A[t]).join(" or ")}`);
    for (const check of checks) check(v, p, e);
  };
const oneOf =
  (list, rule = "enum") =>
  (v, p, e) => {
    if (!list.includes(v))
      fail(e, p, rule, list.length === 1 ? `must be ${show(list[0])}` : `must be one of ${list.map(show).join(", ")}`);
  };
const range = (min, max) => (v, p, e) => {
  if (typeof v === "number") limit(v, min, max, "imum", "", p, e);
};
const length = (min, max) => (v, p, e) => {
  if (typeof v === "string") limit(chars(v), min, max, "Length", " characters long", p, e);
};
const pattern =
  (re, text = `must match ${re.source}`) =>
  (v, p, e) => {
    if (typeof v === "string" && !re.test(v)) fail(e, p, "pattern", text);
  };
const count = (min, max) => (v, p, e) => {
  if (Array.isArray(v)) limit(v.length, min, max, "Items", " items", p, e);
};
const items = (check) => (v, p, e) => {
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) check(v[i], `${p}[${i}]`, e);
};
/** `properties`, `required` and (when `closed`) `additionalProperties: false`. */
const object = (required, properties, closed) => (v, p, e) => {
  if (kind(v) !== "object") return;
  const at = (k) => (p ? `${p}.${k}` : k);
  for (const k of required) if (v[k] === undefined) fail(e, at(k), "required", "is required");
  for (const k of Object.keys(v)) {
    if (v[k] === undefined) continue;
    if (Object.hasOwn(properties, k)) properties[k](v[k], at(k), e);
    else if (closed) fail(e, at(k), "additionalProperties", "is not a known field");
  }
};
/** `if`/`then`: `then` applies when `if` records no problem; its messages end with the condition. */
const when = (test, then, condition) => (v, p, e) => {
  const x = [];
  test(v, p, x);
  if (x.length === 0) then(v, p, { push: (issue) => e.push({ ...issue, message: issue.message + condition }) });
};
