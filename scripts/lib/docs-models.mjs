// The "choosing a model" table of the guides, written from the model catalog at build time: one row
// per generation endpoint, in the catalog's order, so a model added to the spec appears with its own limits.
import { buildCatalog } from "./catalog.mjs";
import { tagRoute } from "./docs-spec.mjs";

/** The values a field allows, in words: `1–10 s`, `540p, 720p`. */
function allowed(field, unit = "") {
  if (!field) return "";
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
  return "not listed";
}

const withDefault = (field, text) => {
  const value = field?.default;
  const only = `${value}` === text.replace(/ s$/, "");
  return value === undefined || text === "" || only ? text : `${text} (default ${value})`;
};

/** What a request needs besides options: its required fields, `prompt` last. */
function inputs(fields) {
  const required = fields.filter((field) => field.required).map((field) => field.name);
  required.sort((a, b) => Number(a === "prompt") - Number(b === "prompt"));
  return required.map((name) => `\`${name}\``).join(", ");
}

/** What the pages say about a model's price: none gives a base price; `x-cost` on a field says what it changes. */
export const NO_PRICE = "base price not on the page";

/**
 * The cost notes of a model's fields, one per field with a `cost`: `` `is_rec` +10 credits a task `` (when
 * true; another value is named: `` `mode: "fast"` ``).
 * @param {{ name: string, cost?: any }[]} fields the catalog's fields of a model
 */
export function costNotes(fields) {
  return fields.flatMap(({ name, cost }) => {
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
  const rows = Object.values(buildCatalog(doc).catalog).map(({ key, operationId, task, generation, fields }) => {
    const { duration, resolution, audio, bgm } = fields;
    return [
      `[\`${key}\`](${tagRoute(task)}/${operationId.toLowerCase()})`,
      task,
      generation,
      inputs(Object.values(fields)),
      withDefault(duration, allowed(duration, " s")),
      withDefault(resolution, allowed(resolution)),
      audio ? "yes" : bgm ? "music only" : "no",
      [NO_PRICE, ...costNotes(Object.values(fields))].join("; "),
    ];
  });
  const header = ["Model", "Task", "Generation", "Needs", "Duration", "Resolution", "Sound", "Credits"];
  const line = (cells) => `| ${cells.map((cell) => String(cell).replace(/\|/g, "\\|") || "—").join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
