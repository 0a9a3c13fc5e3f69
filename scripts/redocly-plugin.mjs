// Redocly plugin, run at bundle time: vidu/code-samples adds `x-codeSamples` (curl, TypeScript,
// Python) to each operation from its first named request example or its parameter examples, so no
// sample is written by hand (an operation that has its own `x-codeSamples` keeps them). The value
// tables are rendered per reader after bundling (scripts/lib/value-tables.mjs), not here.
import { codeSamples } from "./lib/code-samples.mjs";

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
        "code-samples": addCodeSamples,
      },
    },
  };
}
