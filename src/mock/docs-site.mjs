// The docs site: which file of the package's generated/ is served at which path. `npm run docs` copies
// them into site/ (a folder any static host serves, or a browser opens from file://), `npm start` and
// `novita-vidu mock` serve the same map under /docs/, and `novita-vidu docs` names its page, so the
// three never differ. Plain JavaScript, so that the scripts run by Node load it as it is.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The root of this package: src/mock/ in a clone, and in dist/ wherever the bundle put this code. */
export const PACKAGE_ROOT = packageRoot(fileURLToPath(new URL(".", import.meta.url)));

/**
 * The nearest folder at or above `from` whose package.json is this package's, found by walking up so that
 * no depth in dist/ is assumed; `from` itself when there is none (a bundle copied out of the package).
 * @param {string} from
 */
function packageRoot(from) {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name === "novita-vidu") return dir;
    } catch {
      // No package.json here, or not one that parses: look further up.
    }
    if (dirname(dir) === dir) return from;
  }
}

/**
 * @param {string} [root] the package's root; default this package's
 * @returns {{ "index.html": string } & Record<string, string>} path in the site (`index.html`, `jsonschema/TaskResult.json`) to the file that fills it
 */
export function siteFiles(root = PACKAGE_ROOT) {
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
