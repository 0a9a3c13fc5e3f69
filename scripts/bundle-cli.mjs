// After `tsc` has built dist/: folds the CLI (dist/cli/*.js) and the package only it uses (commander)
// into one dist/cli/main.js, so that a library user installs none of them and
// `npx novita-vidu` still runs. The library it calls (../index.js, ../download/…, ../../generated/…)
// stays external: one copy, shared with the package's own entries. The bundled packages' licenses are
// written beside it.
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";

const ROOT = new URL("..", import.meta.url).pathname;
const CLI = join(ROOT, "dist", "cli");
/** The CLI's own packages, bundled; every other bare import is the library's dependency and stays one. */
const BUNDLED = ["commander"];

const inCli = (path) => !relative(CLI, path).startsWith("..");

const result = await build({
  entryPoints: [join(CLI, "main.js")],
  outfile: join(CLI, "main.js"),
  allowOverwrite: true,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  metafile: true,
  logLevel: "warning",
  // commander is CommonJS: its `require`s of node built-ins need one in ESM.
  banner: {
    js: 'import { createRequire as __cliRequire } from "node:module";\nconst require = __cliRequire(import.meta.url);',
  },
  plugins: [
    {
      name: "library-external",
      setup(plugin) {
        plugin.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === "entry-point") return undefined;
          if (args.path.startsWith(".")) {
            const target = resolve(args.resolveDir, args.path);
            // The library, imported from the CLI: by its path from main.js, where the bundle is written
            // (an import from dist/cli/shared/ climbs one folder more than main.js does).
            if (inCli(args.importer) && !inCli(target)) {
              const path = relative(CLI, target).split(sep).join("/");
              return { path: path.startsWith(".") ? path : `./${path}`, external: true };
            }
            return undefined;
          }
          const name = args.path
            .split("/")
            .slice(0, args.path.startsWith("@") ? 2 : 1)
            .join("/");
          if (args.path.startsWith("node:") || (inCli(args.importer) && !BUNDLED.includes(name)))
            return { path: args.path, external: true };
          return undefined;
        });
      },
    },
  ],
});

// The CLI modules now inside main.js (and their types: no entry exports them), removed so that none is
// left importing a package that is not installed.
const folded = Object.keys(result.metafile.inputs).map((input) => resolve(ROOT, input));
for (const file of readdirSync(CLI, { recursive: true, encoding: "utf8" })) {
  const module = join(CLI, file.replace(/\.d\.ts$/, ".js"));
  if (file !== "main.js" && /\.(js|d\.ts)$/.test(file) && folded.includes(module)) rmSync(join(CLI, file));
}
// And the folders that emptied (dist/cli/shared/).
for (const folder of readdirSync(CLI, { withFileTypes: true }))
  if (folder.isDirectory() && readdirSync(join(CLI, folder.name)).length === 0)
    rmSync(join(CLI, folder.name), { recursive: true });

// Each bundled package's license, as its license asks.
const MODULES = `${sep}node_modules${sep}`;
/** The folder of the package a bundled file belongs to. */
const packageDir = (/** @type {string} */ path) => {
  const at = path.lastIndexOf(MODULES) + MODULES.length;
  const parts = path.slice(at).split(sep);
  return path.slice(0, at) + parts.slice(0, parts[0]?.startsWith("@") ? 2 : 1).join(sep);
};
const packages = new Set(folded.filter((path) => path.includes(MODULES)).map(packageDir));
const notices = [...packages].sort().map((dir) => {
  const { name, version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  return `${name}@${version} (${license})\n\n${file ? readFileSync(join(dir, file), "utf8").trim() : ""}\n`;
});
writeFileSync(
  join(CLI, "THIRD-PARTY-LICENSES.txt"),
  `dist/cli/main.js bundles these packages:\n\n${notices.join(`\n${"-".repeat(72)}\n\n`)}`,
);
console.log(`bundled the CLI with ${[...packages].map((dir) => relative(dirname(dir), dir)).join(", ")}`);
