// Chromium for the browser tests: found through CHROMIUM_PATH or the usual install paths, installed
// from Debian's packages once per run when it is missing and the run may (root, apt-get), and driven
// by playwright-core as every browser test here starts it: headless, with a fresh profile, and with
// every request to a host not on the allowed list recorded and aborted (a page that needs another
// host is a bug). Nothing here downloads a browser from anywhere but Debian's archive.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { inject } from "vitest";
import { isExecutableFile, onPath } from "../../src/cli/docs.js";

/** Where Debian, Ubuntu and Google's packages put the binary, in the order they are tried. */
export const CHROMIUM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/lib/chromium/chromium",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
];
/** How to get one, said on the line that reports there is none. */
const HOW_TO_GET_ONE =
  "install Debian's chromium (apt-get install chromium, which `npm test` does by itself when run as root) or set CHROMIUM_PATH to a Chromium or Chrome binary";
/** apt-get waits this long for another apt or dpkg (the machine may be installing something else). */
const APT_LOCK_WAIT = ["-o", "DPkg::Lock::Timeout=300"];
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];

/** An error whose whole report is its one-line message: no stack, which would only repeat it. */
export class ChromiumMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChromiumMissing";
    this.stack = `${this.name}: ${message}`;
  }
}

export interface Search {
  /** The environment read for CHROMIUM_PATH and PATH; `process.env` by default. */
  env?: Record<string, string | undefined>;
  /** The install paths tried when CHROMIUM_PATH is unset; CHROMIUM_PATHS by default. */
  paths?: string[];
}

/**
 * The Chromium to use: CHROMIUM_PATH when it is set (and then only it: a path given on purpose that
 * does not work is an error, not a hint), otherwise the first of the usual install paths there is.
 */
export function findChromium({ env = process.env, paths = CHROMIUM_PATHS }: Search = {}): string | undefined {
  const chosen = env["CHROMIUM_PATH"];
  if (chosen) {
    if (isExecutableFile(chosen)) return chosen;
    throw new ChromiumMissing(`CHROMIUM_PATH=${chosen} is not an executable file: ${HOW_TO_GET_ONE}`);
  }
  return paths.find(isExecutableFile);
}

export interface Installing extends Search {
  /** Whether this process may install packages; root by default. */
  isRoot?: boolean;
  /** Where the one line that says Chromium is being installed goes; stderr by default. */
  say?: (line: string) => void;
}

/**
 * The Chromium the browser tests use, installing Debian's `chromium` with apt-get when there is none
 * and this process is root. Says so on one line when it installs; throws a one-line ChromiumMissing
 * when there is none and it cannot install one.
 */
export function ensureChromium(options: Installing = {}): string {
  const { env = process.env, paths = CHROMIUM_PATHS } = options;
  const found = findChromium({ env, paths });
  if (found) return found;
  const aptGet = onPath("apt-get", env);
  const isRoot = options.isRoot ?? process.getuid?.() === 0;
  const looked = `no Chromium at CHROMIUM_PATH (unset) or ${paths.join(", ")}`;
  if (!aptGet || !isRoot) {
    const why = aptGet ? "not root, so not installing one" : "no apt-get to install one with";
    throw new ChromiumMissing(`${looked} (${why}): ${HOW_TO_GET_ONE}`);
  }
  (options.say ?? ((line) => process.stderr.write(`${line}\n`)))(
    `${looked}: installing Debian's chromium with apt-get, once (a few minutes)`,
  );
  const apt = (...args: string[]) =>
    spawnSync(aptGet, [...APT_LOCK_WAIT, ...args], {
      env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  const install = () => apt("install", "-y", "-qq", "--no-install-recommends", "chromium");
  // The package lists already there first; refreshed only when they do not know the package.
  let installed = install();
  if (installed.status !== 0) {
    const updated = apt("update", "-qq");
    installed = updated.status === 0 ? install() : updated;
  }
  const after = findChromium({ env, paths });
  if (installed.status === 0 && after) return after;
  const reason = `${installed.stderr ?? ""}${installed.error?.message ?? ""}`.trim().split("\n").at(-1);
  throw new ChromiumMissing(
    `apt-get could not install chromium (${reason || "no Chromium after it"}): ${HOW_TO_GET_ONE}`,
  );
}

export interface Browser {
  context: BrowserContext;
  /** Requests to hosts outside `allowedOrigins`, all aborted. */
  blocked: string[];
  close(): Promise<void>;
}

/** Fails (never skips) when there is no Chromium: the browser tests run wherever the tests run. */
export async function launchChromium(
  allowedOrigins: () => string[],
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  // The global setup (test/setup/chromium.ts) installed it when it could; this only finds it.
  const missing = inject("chromiumMissing");
  if (missing) throw new ChromiumMissing(missing);
  const executablePath = findChromium();
  if (!executablePath) throw new ChromiumMissing(`no Chromium at ${CHROMIUM_PATHS.join(", ")}: ${HOW_TO_GET_ONE}`);
  const profile = mkdtempSync(join(tmpdir(), "novita-vidu-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: ARGS,
    headless: true,
    timeout: 30_000,
    ...options,
  });
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (allowedOrigins().some((origin) => url.startsWith(`${origin}/`) || url === origin)) return route.continue();
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  return {
    context,
    blocked,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
