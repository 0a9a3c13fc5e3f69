// The "choosing a model" table of the guides, written from the spec at build time: one row per
// generation endpoint, so a model added to the spec appears with its own limits.
import { generationOf, tagRoute } from "./docs-spec.mjs";

const deref = (doc, node) => {
  let seen = node;
  while (seen?.$ref)
    seen = seen.$ref
      .split("/")
      .slice(1)
      .reduce((at, key) => at?.[key], doc);
  return seen ?? {};
};

/** The values a field allows, in words: `1–10 s`, `540p, 720p`. */
function allowed(doc, schema, unit = "") {
  const field = deref(doc, schema);
  const values = field.enum ?? (field.const !== undefined ? [field.const] : undefined);
  if (values) {
    const numbers = values.every((v) => typeof v === "number");
    const consecutive = numbers && values.every((v, i) => i === 0 || v === values[i - 1] + 1);
    if (consecutive && values.length > 2) return `${values[0]}–${values.at(-1)}${unit}`;
    return `${values.join(", ")}${unit}`;
  }
  if (field.minimum !== undefined || field.maximum !== undefined)
    return `${field.minimum ?? 0}–${field.maximum}${unit}`;
  // A field whose values its page does not show (its reference says what is known).
  return schema ? "not listed" : "";
}

const withDefault = (doc, schema, text) => {
  const value = deref(doc, schema).default ?? schema?.default;
  const only = `${value}` === text.replace(/ s$/, "");
  return value === undefined || text === "" || only ? text : `${text} (default ${value})`;
};

/** What a request needs besides options: its required fields, `prompt` last. */
function inputs(body) {
  const required = [...(body.required ?? [])].sort((a, b) => Number(a === "prompt") - Number(b === "prompt"));
  return required.map((name) => `\`${name}\``).join(", ");
}

/** What the pages say about a model's price: none gives a base price; `x-cost` on a field says what it changes. */
export const NO_PRICE = "base price not on the page";

/**
 * The cost notes of a request body, one per field with `x-cost`: `` `is_rec` +10 credits a task `` (when
 * true; another value is named: `` `mode: "fast"` ``).
 * @param {Record<string, any>} fields the body's properties
 */
export function costNotes(fields) {
  return Object.entries(fields).flatMap(([name, field]) => {
    const cost = field?.["x-cost"];
    if (!cost) return [];
    const { when, extra, unit, per, cheaper, page } = cost;
    if (!cheaper && !(typeof extra === "number" && unit && per))
      throw new Error(`x-cost of ${name}: needs cheaper: true, or extra, unit and per`);
    const change = cheaper ? "cheaper" : `+${extra} ${unit} a ${per}`;
    const option = when === true ? name : `${name}: ${JSON.stringify(when)}`;
    return [`\`${option}\` ${change}${page ? ` (the ${page}'s page)` : ""}`];
  });
}

/** @param {any} doc the bundled spec */
export function modelTable(doc) {
  const tagOrder = (doc.tags ?? []).map((tag) => tag.name);
  const rows = Object.entries(doc.paths)
    .filter(([, item]) => item.post?.requestBody)
    .map(([path, { post }]) => {
      const body = deref(doc, post.requestBody.content["application/json"].schema);
      const fields = body.properties ?? {};
      const task = post.tags?.[0] ?? "";
      const link = `${tagRoute(task)}/${post.operationId.toLowerCase()}`;
      const generation = generationOf(path, post);
      return {
        order: [tagOrder.indexOf(task), generation],
        cells: [
          `[\`${path.split("/").pop()}\`](${link})`,
          task,
          generation,
          inputs(body),
          withDefault(doc, fields.duration, allowed(doc, fields.duration, " s")),
          withDefault(doc, fields.resolution, allowed(doc, fields.resolution)),
          fields.audio ? "yes" : fields.bgm ? "music only" : "no",
          [NO_PRICE, ...costNotes(fields)].join("; "),
        ],
      };
    })
    .sort((a, b) => a.order[0] - b.order[0] || b.order[1].localeCompare(a.order[1]));
  const header = ["Model", "Task", "Generation", "Needs", "Duration", "Resolution", "Sound", "Credits"];
  const line = (cells) => `| ${cells.map((cell) => String(cell).replace(/\|/g, "\\|") || "—").join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map((row) => line(row.cells))].join("\n");
}
