// Redocly plugin, run at bundle time: vidu/code-samples adds `x-codeSamples` (curl, TypeScript,
// Python) to each operation from each of its named request examples (or its inline one) and its parameter examples, so no
// sample is written by hand (an operation that has its own `x-codeSamples` keeps them). The value
// tables are rendered per reader after bundling (scripts/lib/value-tables.mjs), not here.
import { exampleSamples } from "./lib/code-samples.mjs";

/**
 * The requests an operation's samples send: one per named JSON example (its summary names it), or
 * its inline example; each with the parameters' examples.
 */
function sampleRequests(operation, pathParameters, resolve) {
  const content = operation.requestBody && resolve(operation.requestBody).content?.["application/json"];
  const query = {};
  for (const parameter of [...pathParameters, ...(operation.parameters ?? [])].map(resolve)) {
    if (parameter.in === "query" && parameter.example !== undefined) query[parameter.name] = String(parameter.example);
  }
  const shared = { query: Object.keys(query).length > 0 ? query : undefined };
  const named = Object.entries(content?.examples ?? {}).map(([name, example]) => {
    const { summary, value } = resolve(example);
    return { ...shared, example: summary ?? name, body: value };
  });
  return named.length > 0 ? named : [{ ...shared, body: content?.example }];
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
            const requests = sampleRequests(operation, pathItem.parameters, resolve);
            const where = { server, path: pathItem.path, method: ctx.key, operationId: operation.operationId };
            operation["x-codeSamples"] = exampleSamples(requests.map((request) => ({ ...where, ...request })));
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
