// Reads one of Novita's Markdown reference pages (Mintlify MDX): the `<ParamField body=…>` blocks of
// the request body, nested ones inside `<Expandable>`, and the lines of each block that state values
// and limits. The page is untrusted text: attribute expressions are read as JSON literals, never run.

/** @typedef {Record<string, number>} Limits by JSON Schema keyword: `minimum`, `maxLength`, `minItems`, … */
/**
 * One body field as the page states it.
 * @typedef {object} PageField
 * @property {string} name
 * @property {string} type the `type` attribute as written (`string`, `string[]`, `array`, …)
 * @property {boolean} required
 * @property {unknown} [default] the header's `default`, else a `Default: \`x\`` line; as written (coerced later)
 * @property {string[]} [enum] "Optional values" (or "Accepted values") as written
 * @property {Limits} limits "Length limit", "Array length", "Value range", "max N characters"
 * @property {PageField[] | undefined} children the fields of its `<Expandable>`, if it has one
 * @property {number} line 1-based line of its tag
 */
/** @typedef {{ fields: PageField[], postPath: string | undefined }} Page */

export class PageError extends Error {}

const TAG = /<(\/?)(ParamField|Expandable|ResponseField)\b/g;
/** The rest of a closing tag, read where its name ends. */
const CLOSING_END = /\s*>/y;
const ATTRIBUTE_NAME = /[A-Za-z_][\w-]*/y;
/** Far deeper than any page nests its tags (about four levels); a deeper page is not one of Novita's. */
export const DEEPEST_TAGS = 32;
// Markdown escapes Novita's pages use in plain text: `voice\_id`, `\[0, 10]`, `\{\{API Key}}`.
const unescape = (/** @type {string} */ text) => text.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, "$1");

/**
 * Blanks fenced code blocks (keeping line breaks), so tags and lines inside samples are not read: from a
 * line that starts with ``` or ~~~ (after any spaces) to the next line that starts with the same fence.
 * Linear: a block's lines are read once; a fence with no closing line is left as it is, and the search
 * for its close reaches the end at most once per kind of fence (no later line has that fence).
 * @param {string} text
 */
function blankCode(text) {
  const lines = text.split("\n");
  const fenceOf = (/** @type {string} */ line) => /^(?:```|~~~)/.exec(line.trimStart())?.[0];
  for (let open = 0; open < lines.length - 1; open++) {
    const fence = fenceOf(lines[open] ?? "");
    if (!fence) continue;
    let close = open + 1;
    while (close < lines.length && fenceOf(lines[close] ?? "") !== fence) close++;
    if (close === lines.length) continue;
    for (let i = open; i <= close; i++) lines[i] = " ".repeat(lines[i]?.length ?? 0);
    open = close;
  }
  return lines.join("\n");
}

/**
 * Reads `name="v"`, `name='v'`, `name={expr}` and bare `name` up to the tag's `>`.
 * @param {string} text @param {number} from @param {number} line
 */
function readAttributes(text, from, line) {
  /** @type {Record<string, unknown>} No prototype: an attribute named `__proto__` is one more attribute. */
  const attributes = Object.create(null);
  let at = from;
  for (;;) {
    while (/\s/.test(text[at] ?? "")) at++;
    if (at >= text.length) throw new PageError(`line ${line}: a tag is not closed with ">"`);
    if (text[at] === ">") return { attributes, end: at + 1, selfClosing: false };
    if (text.startsWith("/>", at)) return { attributes, end: at + 2, selfClosing: true };
    ATTRIBUTE_NAME.lastIndex = at;
    const name = ATTRIBUTE_NAME.exec(text)?.[0];
    if (!name) throw new PageError(`line ${line}: cannot read the tag's attributes at "${text.slice(at, at + 20)}"`);
    at += name.length;
    if (text[at] !== "=") {
      attributes[name] = true;
      continue;
    }
    at++;
    const quote = text[at];
    if (quote === '"' || quote === "'") {
      const close = text.indexOf(quote, at + 1);
      if (close < 0) throw new PageError(`line ${line}: attribute ${name} has no closing ${quote}`);
      attributes[name] = text.slice(at + 1, close);
      at = close + 1;
    } else if (quote === "{") {
      const close = matchingBrace(text, at, line, name);
      attributes[name] = literal(text.slice(at + 1, close).trim());
      at = close + 1;
    } else throw new PageError(`line ${line}: attribute ${name} has no value after "="`);
  }
}

/** @param {string} text @param {number} open @param {number} line @param {string} name */
function matchingBrace(text, open, line, name) {
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    const c = text[at];
    if (c === '"' || c === "'" || c === "`") {
      const close = text.indexOf(c, at + 1);
      if (close < 0) break;
      at = close;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return at;
  }
  throw new PageError(`line ${line}: attribute ${name} has an unbalanced "{"`);
}

/**
 * A JSX expression read as a literal: JSON, or a single-quoted string; anything else stays text.
 * @param {string} expression @returns {unknown}
 */
function literal(expression) {
  try {
    return JSON.parse(expression);
  } catch {
    const single = /^'([^']*)'$/.exec(expression);
    return single ? single[1] : expression;
  }
}

const bound = (/** @type {string | undefined} */ text) =>
  text === undefined || /^(unlimited|none|∞|-)$/i.test(text) ? undefined : Number(text);
const NUMBER = String.raw`(-?\d+(?:\.\d+)?|unlimited|none|∞)`;
const RANGE = (/** @type {string} */ label) =>
  new RegExp(String.raw`${label}\s*:\s*${NUMBER}\s*(?:-|–|~|to)\s*${NUMBER}`, "i");
const LENGTH_LIMIT = RANGE("Length limit");
const ARRAY_LENGTH = RANGE("Array length");
const VALUE_RANGE = new RegExp(String.raw`Value range\s*:\s*([[(])\s*${NUMBER}\s*,\s*${NUMBER}\s*([\])])`, "i");
const VALUES = /\b(?:Optional|Accepted|Acceptable|Allowed|Supported) values\s*:\s*([^\n]*)/i;
const PROSE_DEFAULT = /\bDefault\s*:\s*`([^`]*)`/;
const PROSE_MAX_LENGTH = /\bmax(?:imum)?(?:\s+length)?(?:\s+of)?\s+(\d+)\s+characters\b/i;

/**
 * The value list after "Optional values:": its `backticked` items, else its comma-separated words.
 * @param {string} rest @returns {string[]}
 */
function valueList(rest) {
  const line = rest.split(/<br\s*\/?>/i)[0] ?? "";
  const quoted = [...line.matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? "");
  if (quoted.length > 0) return quoted;
  return line
    .split(",")
    .map((v) => v.trim().replace(/\.$/, ""))
    .filter(Boolean);
}

/**
 * What a field's own text (not its children's) states: values, limits, a default in words.
 * @param {PageField} field @param {string} rawText
 */
function readText(field, rawText) {
  const text = unescape(rawText);
  const values = VALUES.exec(text);
  if (values) field.enum = valueList(values[1] ?? "");
  /** @type {Record<string, number | undefined>} */
  const found = {};
  const length = LENGTH_LIMIT.exec(text);
  if (length) Object.assign(found, { minLength: bound(length[1]), maxLength: bound(length[2]) });
  else {
    const max = PROSE_MAX_LENGTH.exec(text);
    if (max) found["maxLength"] = Number(max[1]);
  }
  const items = ARRAY_LENGTH.exec(text);
  if (items) Object.assign(found, { minItems: bound(items[1]), maxItems: bound(items[2]) });
  const range = VALUE_RANGE.exec(text);
  if (range) {
    found[range[1] === "(" ? "exclusiveMinimum" : "minimum"] = bound(range[2]);
    found[range[4] === ")" ? "exclusiveMaximum" : "maximum"] = bound(range[3]);
  }
  /** @type {Limits} */
  const limits = {};
  for (const [key, value] of Object.entries(found)) {
    if (value === undefined) continue;
    if (!Number.isFinite(value)) throw new PageError(`line ${field.line}: ${field.name}: cannot read a limit`);
    limits[key] = value;
  }
  field.limits = limits;
  const prose = PROSE_DEFAULT.exec(text);
  if (!("default" in field) && prose) field.default = prose[1];
}

/**
 * Parses a page. Throws PageError when the page has no body fields or its tags do not nest.
 * @param {string} source
 * @returns {Page}
 */
export function parsePage(source) {
  const text = blankCode(source.replace(/\r\n?/g, "\n"));
  let line = 1;
  let counted = 0;
  const lineAt = (/** @type {number} */ index) => {
    for (; counted < index; counted++) if (text[counted] === "\n") line++;
    return line;
  };
  /** @type {PageField[]} */
  const fields = [];
  // Open tags. A field's own text is what lies directly inside it (not inside its <Expandable>); an
  // <Expandable> of a body field collects that field's children.
  /** @type {{ tag: string, line: number, field: PageField | undefined, text: string[], children: PageField[] | undefined }[]} */
  const stack = [];
  let last = 0;
  // Tags are looked for after the one just read: a tag's attributes are read once, never as tags.
  TAG.lastIndex = 0;
  for (let match; (match = TAG.exec(text)); TAG.lastIndex = last) {
    const [, closing, tag = ""] = match;
    const index = match.index;
    const at = lineAt(index);
    const top = stack.at(-1);
    if (top?.field) top.text.push(text.slice(last, index));
    if (closing) {
      if (!top || top.tag !== tag) {
        throw new PageError(`line ${at}: </${tag}> closes ${top ? `<${top.tag}> of line ${top.line}` : "no open tag"}`);
      }
      stack.pop();
      if (top.field) readText(top.field, top.text.join(""));
      const owner = stack.at(-1)?.field;
      if (top.children && owner) (owner.children ??= []).push(...top.children);
      CLOSING_END.lastIndex = index + match[0].length;
      if (!CLOSING_END.test(text)) throw new PageError(`line ${at}: </${tag} is not closed with ">"`);
      last = CLOSING_END.lastIndex;
      continue;
    }
    const { attributes, end, selfClosing } = readAttributes(text, index + tag.length + 1, at);
    last = end;
    // A body field at the top level, or any field inside a body field's <Expandable>.
    const siblings = top ? top.children : fields;
    const name = top ? (attributes["body"] ?? attributes["name"]) : attributes["body"];
    /** @type {PageField | undefined} */
    let field;
    if (tag !== "Expandable" && siblings && name !== undefined) {
      if (typeof name !== "string" || name === "") throw new PageError(`line ${at}: a body field without a name`);
      const type = attributes["type"];
      if (typeof type !== "string" || type === "") throw new PageError(`line ${at}: field ${name} has no type`);
      const required = attributes["required"];
      field = {
        name,
        type,
        required: required === true || required === "true",
        limits: {},
        children: undefined,
        line: at,
      };
      if ("default" in attributes) field.default = attributes["default"];
      siblings.push(field);
    }
    const children = tag === "Expandable" && top?.field ? /** @type {PageField[]} */ ([]) : undefined;
    if (selfClosing) {
      if (field) readText(field, "");
    } else if (stack.push({ tag, line: at, field, text: [], children }) > DEEPEST_TAGS)
      throw new PageError(`line ${at}: tags nest deeper than ${DEEPEST_TAGS} levels`);
  }
  const open = stack.at(-1);
  if (open) throw new PageError(`line ${open.line}: <${open.tag}> is never closed`);
  if (fields.length === 0) {
    throw new PageError('no request body fields (<ParamField body="…">): is this the Markdown (.md) page?');
  }
  for (const level of [fields, ...allFields(fields).map((f) => f.children ?? [])]) {
    const seen = new Set();
    for (const { name } of level) {
      if (seen.has(name)) throw new PageError(`field ${name} is listed twice`);
      seen.add(name);
    }
  }
  const post = /(?:\bPOST\s+|--url\s+)(?:https?:\/\/[^\s/]+)?\/v3\/async\/([A-Za-z0-9._-]+)/.exec(text);
  return { fields, postPath: post?.[1] };
}

/** @param {PageField[]} fields @returns {PageField[]} every field, nested ones included */
export const allFields = (fields) => fields.flatMap((f) => [f, ...allFields(f.children ?? [])]);
