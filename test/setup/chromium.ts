// Finds Chromium for the browser suites, or installs Debian's once when it may (see ../browser/chromium.ts).
// When there is none, the browser tests fail with the one line that says how to get one; the rest run.
import { ensureChromium } from "../browser/chromium.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Why there is no Chromium, in one line; empty when there is one. */
    chromiumMissing: string;
  }
}

const shared = globalThis as { novitaViduChromium?: string };

export default function setup(project: import("vitest/node").TestProject) {
  if (shared.novitaViduChromium === undefined) {
    try {
      ensureChromium();
      shared.novitaViduChromium = "";
    } catch (error) {
      shared.novitaViduChromium = error instanceof Error ? error.message : String(error);
    }
  }
  project.provide("chromiumMissing", shared.novitaViduChromium);
}
