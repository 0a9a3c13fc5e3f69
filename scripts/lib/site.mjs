// The docs site: which file of generated/ is served at which path. `npm run docs` copies them into
// site/ (a folder any static host serves, or a browser opens from file://), and `npm start` serves
// the same map under /docs/, so the two never differ.
import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * @param {string} root the package's root
 * @returns {Record<string, string>} path in the site (`index.html`, `jsonschema/TaskResult.json`) to the file that fills it
 */
export function siteFiles(root) {
  const generated = join(root, "generated");
  const schemas = readdirSync(join(generated, "jsonschema")).filter((name) => name.endsWith(".json"));
  return {
    "index.html": join(generated, "docs", "index.html"),
    "openapi.json": join(generated, "openapi.json"),
    "openapi.yaml": join(generated, "openapi.yaml"),
    "openapi-3.0.json": join(generated, "openapi-3.0.json"),
    "openapi-3.0.yaml": join(generated, "openapi-3.0.yaml"),
    ...Object.fromEntries(schemas.sort().map((name) => [`jsonschema/${name}`, join(generated, "jsonschema", name)])),
  };
}
