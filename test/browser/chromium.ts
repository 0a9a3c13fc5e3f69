// Debian's Chromium, driven by playwright-core, as every browser test here starts it: headless, with
// a fresh profile, and with every request to a host not on the allowed list recorded and aborted
// (this machine has no network; a page that needs one is a bug).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
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

export interface Browser {
  context: BrowserContext;
  /** Requests to hosts outside `allowedOrigins`, all aborted. */
  blocked: string[];
  close(): Promise<void>;
}

/** Fails (never skips) when Debian's chromium is missing: the browser tests run wherever the tests run. */
export async function launchChromium(
  allowedOrigins: () => string[],
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium), as .ci/run does`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), "novita-vidu-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
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
