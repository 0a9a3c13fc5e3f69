// Redocly plugin: at bundle time, renders the value tables that the spec keeps as data
// (`x-enumDescriptions`, `x-vidu-failure-codes`, `x-reasons`) into the Markdown description beside
// them, so Redoc shows them as tables while the spec states each meaning once.

const TABLES = [
  ["x-enumDescriptions", "Value"],
  ["x-vidu-failure-codes", "Failure code"],
  ["x-reasons", "`reason`"],
];

const escapeCell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");

function renderTables(node, done) {
  if (done.has(node)) return;
  done.add(node);
  const tables = [];
  for (const [key, heading] of TABLES) {
    const entries = node[key];
    if (!entries) continue;
    const rows = Object.entries(entries).map(
      ([value, meaning]) => `| \`${escapeCell(value)}\` | ${escapeCell(meaning)} |`,
    );
    tables.push([`| ${heading} | Meaning |`, "| --- | --- |", ...rows].join("\n"));
  }
  if (tables.length === 0) return;
  node.description = [node.description?.trimEnd(), ...tables].filter(Boolean).join("\n\n");
}

export default function viduPlugin() {
  return {
    id: "vidu",
    decorators: {
      oas3: {
        "enum-tables": () => {
          const done = new WeakSet();
          return {
            Schema: { leave: (node) => renderTables(node, done) },
            Response: { leave: (node) => renderTables(node, done) },
          };
        },
      },
    },
  };
}
