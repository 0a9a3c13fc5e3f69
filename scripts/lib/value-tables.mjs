// The value tables that the spec keeps as data (`x-enumDescriptions`, `x-vidu-failure-codes`,
// `x-reasons`), rendered as Markdown for each reader that wants them: the published bundle gets
// each table in the description beside its data (generators in other languages show descriptions
// only), and the docs page (scripts/lib/docs-spec.mjs) places them itself, from the bare bundle.

/** The first column's heading of each table. */
const TABLES = {
  "x-enumDescriptions": "Value",
  "x-vidu-failure-codes": "Failure code",
  "x-reasons": "`reason`",
};

const escapeCell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");

/**
 * The Markdown table of one of the TABLES extensions.
 * @param {keyof typeof TABLES} key
 * @param {Record<string, string>} entries value to meaning
 */
export function valueTable(key, entries) {
  const rows = Object.entries(entries).map(
    ([value, meaning]) => `| \`${escapeCell(value)}\` | ${escapeCell(meaning)} |`,
  );
  return [`| ${TABLES[key]} | Meaning |`, "| --- | --- |", ...rows].join("\n");
}

/** Appends `addition` to a node's description as a paragraph of its own. */
export function appendToDescription(node, addition) {
  node.description = [node.description?.trimEnd(), addition].filter(Boolean).join("\n\n");
}

/**
 * A copy of `doc` in which every node with table data has its tables after its description.
 * @param {any} doc the bare bundle
 * @returns {any}
 */
export function withValueTables(doc) {
  const copy = structuredClone(doc);
  const visit = (node) => {
    if (typeof node !== "object" || node === null) return;
    for (const child of Object.values(node)) visit(child);
    const tables = /** @type {(keyof typeof TABLES)[]} */ (Object.keys(TABLES)).filter(
      (key) => node[key] && typeof node[key] === "object",
    );
    if (tables.length > 0) appendToDescription(node, tables.map((key) => valueTable(key, node[key])).join("\n\n"));
  };
  visit(copy);
  return copy;
}
