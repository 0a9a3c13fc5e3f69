// Redocly plugin, run at bundle time:
// - vidu/enum-tables renders the value tables that the spec keeps as data (`x-enumDescriptions`,
//   `x-vidu-failure-codes`, `x-reasons`) into the Markdown description beside them, so Redoc shows
//   them as tables while the spec states each meaning once;
// - vidu/code-samples adds `x-codeSamples` (curl, TypeScript, Python) to each operation from its
//   first named request example or its parameter examples, so no sample is written by hand (an
//   operation that has its own `x-codeSamples` keeps them).
import { codeSamples } from "./lib/code-samples.mjs";

const TABLES = {
  "x-enumDescriptions": "Value",
  "x-vidu-failure-codes": "Failure code",
  "x-reasons": "`reason`",
};

const escapeCell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The Markdown table that vidu/enum-tables writes for one of the TABLES extensions. */
export function valueTable(key, entries) {
  const rows = Object.entries(entries).map(
    ([value, meaning]) => `| \`${escapeCell(value)}\` | ${escapeCell(meaning)} |`,
  );
  return [`| ${TABLES[key]} | Meaning |`, "| --- | --- |", ...rows].join("\n");
}

function renderTables(node, done) {
  if (done.has(node)) return;
  done.add(node);
  const tables = Object.keys(TABLES)
    .filter((key) => node[key])
    .map((key) => valueTable(key, node[key]));
  if (tables.length === 0) return;
  node.description = [node.description?.trimEnd(), ...tables].filter(Boolean).join("\n\n");
}

/** The request an operation's samples send: its first named JSON example, its parameters' examples. */
function sampleRequest(operation, pathParameters, resolve) {
  const content = operation.requestBody && resolve(operation.requestBody).content?.["application/json"];
  const [firstExample] = Object.values(content?.examples ?? {});
  const query = {};
  for (const parameter of [...pathParameters, ...(operation.parameters ?? [])].map(resolve)) {
    if (parameter.in === "query" && parameter.example !== undefined) query[parameter.name] = String(parameter.example);
  }
  return {
    body: firstExample ? resolve(firstExample).value : content?.example,
    query: Object.keys(query).length > 0 ? query : undefined,
  };
}

function addCodeSamples() {
  let server;
  let pathItem;
  return {
    Root: { enter: (root) => void (server = root.servers?.[0]?.url) },
    // Under Paths only: a webhook is a call Novita makes, not one a caller sends.
    Paths: {
      PathItem: {
        enter: (item, ctx) => void (pathItem = { path: ctx.key, parameters: item.parameters ?? [] }),
        Operation: {
          leave(operation, ctx) {
            if (operation["x-codeSamples"]) return;
            const resolve = (node) => ctx.resolve(node).node;
            const request = sampleRequest(operation, pathItem.parameters, resolve);
            operation["x-codeSamples"] = codeSamples({
              server,
              path: pathItem.path,
              method: ctx.key,
              operationId: operation.operationId,
              ...request,
            });
          },
        },
      },
    },
  };
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
        "code-samples": addCodeSamples,
      },
    },
  };
}
