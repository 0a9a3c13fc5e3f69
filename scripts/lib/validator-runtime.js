// The combinators every generated validator is built from; scripts/lib/compile-validators.mjs copies
// this file, verbatim, into generated/models/_runtime.js and exports its top-level names. A check is
// `(value, path, issues)`: it records `{ field, rule, message }` for each problem. As in JSON Schema,
// a keyword applies only to values of its own kind (a length limit ignores numbers). A property whose
// value is `undefined` counts as absent, because JSON.stringify leaves it out of the body that is sent.
const show = (v) => JSON.stringify(v);
const kind = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
const fail = (e, p, rule, text) => e.push({ field: p || "(body)", rule, message: `${p || "the body"} ${text}` });

/** A schema: its `type` (checked first; nothing else is checked when it fails), then its other keywords. */
const schema =
  (types, ...checks) =>
  (v, p, e) => {
    const k = kind(v);
    if (types && !types.includes(k) && !(k === "integer" && types.includes("number")))
      return fail(e, p, "type", `must be ${types.map((t) => (/^[aeiou]/.test(t) ? "an " : "a ") + t).join(" or ")}`);
    for (const check of checks) check(v, p, e);
  };
const oneOf =
  (list, rule = "enum") =>
  (v, p, e) => {
    if (!list.includes(v))
      fail(e, p, rule, list.length === 1 ? `must be ${show(list[0])}` : `must be one of ${list.map(show).join(", ")}`);
  };
/** `minimum`/`maximum`, `minLength`/`maxLength`, `minItems`/`maxItems` and the byte limits, on what `measure` returns. */
const bound = (measure, rule, unit, min, max) => (v, p, e) => {
  const n = measure(v);
  if (n < min || n > max) {
    const range =
      max === undefined ? `at least ${min}` : min === undefined ? `at most ${max}` : `between ${min} and ${max}`;
    fail(e, p, (n < min ? "min" : "max") + rule, `must be ${range}${unit}`);
  }
};
// Each measure returns NaN (which no bound rejects) for values of another kind.
const range = (min, max) => bound((v) => (typeof v === "number" ? v : NaN), "imum", "", min, max);
/**
 * The code points of `s`, counted in place (copying a 50 MB string into an array costs gigabytes).
 * A code point is one or two UTF-16 units, so the count lies between half the UTF-16 length and the
 * length: when that alone settles `min` and `max` (within both, or surely past one) the length is
 * returned without counting. Lone surrogates count as one, as `[...s]` counts them.
 */
const codePoints = (s, min = 0, max = Infinity) => {
  if ((s.length <= max && s.length >= 2 * min) || s.length > 2 * max || s.length < min) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i += s.codePointAt(i) > 0xffff ? 2 : 1) n++;
  return n;
};
const length = (min, max) =>
  bound((v) => (typeof v === "string" ? codePoints(v, min, max) : NaN), "Length", " characters long", min, max);
const count = (min, max) => bound((v) => (Array.isArray(v) ? v.length : NaN), "Items", " items", min, max);
const MB = 1024 * 1024;
/** The trailing '=' of base64, counted by a loop: a regex such as /=*$/ backtracks quadratically over a run of '='. */
const padding = (v) => {
  let n = 0;
  while (v.charCodeAt(v.length - 1 - n) === 61) n++;
  return n;
};
/** The decoded size of a base64 data URI, in MB; URLs are downloaded by the API and not checked here. */
const dataBytes = (max, rule = "ImageBytes") =>
  bound(
    (v) => (/^data:/.test(v) ? (v.length - v.indexOf(",") - 1) * 0.75 - padding(v) : NaN) / MB,
    rule,
    " MB",
    undefined,
    max / MB,
  );
/**
 * The UTF-8 size of `s`, counted in place rather than encoded into a second copy. A UTF-16 unit is
 * one to three bytes, so when the UTF-16 length alone settles `max` it is returned without counting.
 * A lone surrogate is three bytes (U+FFFD), as TextEncoder writes it.
 */
const utf8Bytes = (s, max) => {
  if (s.length * 3 <= max || s.length > max) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (pair) i++;
  }
  return n;
};
/** The size of the body as it is sent, in MB. */
const jsonBytes = (max) =>
  bound(
    (v) => utf8Bytes(JSON.stringify(v), max) / MB,
    "BodyBytes",
    " MB: send large images as URLs",
    undefined,
    max / MB,
  );
const pattern =
  (re, text = `must match ${re.source}`) =>
  (v, p, e) => {
    if (typeof v === "string" && !re.test(v)) fail(e, p, "pattern", text);
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
/** `not`, for a "not both" rule: when `test` records no problem, the body breaks the rule at `field`. */
const none = (test, field, text) => (v, p, e) => {
  const x = [];
  test(v, p, x);
  if (x.length === 0) fail(e, p ? `${p}.${field}` : field, "not", text);
};
