// `npm run build`: tsc writes dist/ (the .d.ts tree, and JavaScript for esbuild to read), then one
// esbuild build, with code splitting, over every JavaScript entry of the package (package.json `exports`
// and `bin`). Node then reads a few files per entry instead of resolving and linking tsc's modules one
// by one, and every entry shares the same chunks, so a class (ViduError) is one class whichever entry
// reached it. The CLI's own packages (commander) are folded into it, so a
// library user installs none of them; every other package stays a dependency. generated/ stays
// external and shared: a model descriptor and the client import the one generated/models/_runtime.js.
// tsc's .js files now inside the bundle are removed; its .d.ts tree stays as the package's types.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";

const ROOT = new URL("..", import.meta.url).pathname;
const DIST = join(ROOT, "dist");
const GENERATED = join(ROOT, "generated");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
/** The CLI's own packages, bundled into it; every other bare import is the library's dependency. */
const BUNDLED = ["commander"];
/** What an import of generated/ is written as in the bundle, until each output's own path replaces it. */
const GENERATED_MARK = "novita-vidu-generated:/";

/** Every JavaScript file of dist/ the package exposes: `exports` and `bin`. */
const entries = [...Object.values(manifest.exports).map((target) => target?.default), ...Object.values(manifest.bin)]
  .filter((path) => typeof path === "string" && path.startsWith("./dist/") && path.endsWith(".js"))
  .map((path) => join(ROOT, path));

const packageOf = (/** @type {string} */ specifier) =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  cwd: ROOT,
  stdio: "inherit",
});
// Chunks from an earlier build would stay beside the new ones.
rmSync(join(DIST, "chunks"), { recursive: true, force: true });

const result = await build({
  entryPoints: entries,
  outdir: DIST,
  outbase: DIST,
  entryNames: "[dir]/[name]",
  chunkNames: "chunks/[name]-[hash]",
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  // As tsc wrote it: no syntax lowered, so the browser build a bundler makes is the same code.
  target: "es2022",
  write: false,
  metafile: true,
  logLevel: "warning",
  plugins: [
    {
      name: "externals",
      setup(plugin) {
        plugin.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === "entry-point") return undefined;
          // A bundled CommonJS package's `require` of a Node built-in: esbuild would leave a `require`
          // that ESM lacks. Node's own getter of built-ins answers it instead.
          if (args.kind === "require-call" && isBuiltin(args.path)) return { path: args.path, namespace: "builtin" };
          if (args.path.startsWith(".")) {
            const target = resolve(args.resolveDir, args.path);
            if (target.startsWith(GENERATED + sep))
              return { path: GENERATED_MARK + relative(GENERATED, target).split(sep).join("/"), external: true };
            return undefined;
          }
          if (args.path.startsWith("node:") || !BUNDLED.includes(packageOf(args.path)))
            return { path: args.path, external: true };
          return undefined;
        });
        plugin.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
          contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
          loader: "js",
        }));
      },
    },
  ],
});

for (const output of result.outputFiles) {
  const from = dirname(output.path);
  const text = output.text.replaceAll(`"${GENERATED_MARK}`, `"${relative(from, GENERATED).split(sep).join("/")}/`);
  if (text.includes(GENERATED_MARK)) throw new Error(`${output.path}: an import of generated/ left unresolved`);
  // esbuild's stand-in for a `require` it could not resolve: ESM has none, so it would throw when run.
  if (/typeof require\b/.test(text)) throw new Error(`${output.path}: a \`require\` left, which ESM has not`);
  mkdirSync(from, { recursive: true });
  writeFileSync(output.path, text);
}

// tsc's modules now inside the bundle, removed: none is left beside it to be imported by mistake. Their
// .d.ts stay (the package's types), but the CLI's: no entry exports them.
const outputs = new Set(result.outputFiles.map((output) => output.path));
const folded = Object.keys(result.metafile.inputs).map((input) => resolve(ROOT, input));
for (const module of folded) {
  if (!module.startsWith(DIST + sep) || outputs.has(module)) continue;
  rmSync(module);
  if (module.startsWith(join(DIST, "cli") + sep)) rmSync(module.replace(/\.(m?)js$/, ".d.$1ts"), { force: true });
}
rmSync(join(DIST, "cli", "main.d.ts"), { force: true });
// And the folders that emptied (dist/cli/shared/).
for (const folder of readdirSync(DIST, { recursive: true, withFileTypes: true }).reverse())
  if (folder.isDirectory() && readdirSync(join(folder.parentPath, folder.name)).length === 0)
    rmSync(join(folder.parentPath, folder.name), { recursive: true });

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
  join(DIST, "cli", "THIRD-PARTY-LICENSES.txt"),
  `dist/cli/main.js bundles these packages:\n\n${notices.join(`\n${"-".repeat(72)}\n\n`)}`,
);
console.log(
  `bundled ${entries.length} entries into ${outputs.size} files, the CLI with ${[...packages]
    .map((dir) => relative(dirname(dir), dir))
    .join(", ")}`,
);
