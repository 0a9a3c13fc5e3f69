#!/usr/bin/env node
// Writes generated/ from spec/, printing one ✔/✘ line per file.
//
//   node scripts/generate.mjs                  write generated/
//   node scripts/generate.mjs --check          write nothing; fail when generated/ differs from spec/
//   node scripts/generate.mjs --out DIR        use DIR instead of generated/
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { build, ROOT } from "./lib/build.mjs";

const readOr = (file) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

/** Removes OUT/name, and its folder when that leaves the folder empty. */
function removeWithEmptyFolder(out, name) {
  rmSync(join(out, name));
  const folder = dirname(join(out, name));
  if (folder !== out && readdirSync(folder).length === 0) rmSync(folder, { recursive: true });
}

async function main() {
  const { values } = parseArgs({ options: { check: { type: "boolean" }, out: { type: "string" } } });
  const check = values.check ?? false;
  const OUT = values.out ? resolve(values.out) : join(ROOT, "generated");
  const show = (name) => relative(process.cwd(), join(OUT, name));
  let files;
  try {
    files = await build();
  } catch (caught) {
    const error = /** @type {Error & { stderr?: Buffer }} */ (caught);
    console.error(`✘ generate: ${error.stderr?.toString().trim() || error.message}`);
    process.exit(1);
  }
  let drift = 0;
  // Every file under OUT, subfolders included (docs/), named as `files` names them.
  const existing = existsSync(OUT) ? readdirSync(OUT, { recursive: true, encoding: "utf8" }).sort() : [];
  const stale = existing
    .map((name) => name.split(sep).join("/"))
    .filter((name) => statSync(join(OUT, name)).isFile() && !(name in files));
  for (const [name, contents] of Object.entries(files)) {
    const path = join(OUT, name);
    const same = readOr(path) === contents;
    if (check) {
      if (!same) drift++;
      console.log(`${same ? "✔" : "✘"} ${show(name)}${same ? "" : " differs from spec/: run `npm run generate`"}`);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      if (!same) writeFileSync(path, contents);
      console.log(`✔ ${show(name)} (${Buffer.byteLength(contents)} bytes${same ? ", unchanged" : ""})`);
    }
  }
  for (const name of stale) {
    if (check) drift++;
    else removeWithEmptyFolder(OUT, name);
    console.log(`${check ? "✘" : "✔"} ${show(name)} ${check ? "is not generated from spec/ any more" : "removed"}`);
  }
  if (drift > 0) process.exit(1);
}

await main();
