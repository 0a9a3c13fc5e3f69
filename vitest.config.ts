// The tests, in projects by what they need, so each run starts only that: `npm run test:fast` runs
// `unit` and `types` (no Prism, no build, no browser, no install); `npm test` runs every project but
// `types`, whose files `tsc --noEmit` has already checked in the same run.
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { sep } from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

/** The fast suites: the client, its transport and inputs, the one $ref resolver, the entries, the test machinery. */
const UNIT = [
  ...["client", "transport", "inputs", "setup"].map((folder) => `test/${folder}/**/*.test.ts`),
  ...["test/ref.test.ts", "test/entries.test.ts", "test/webhook/event.test.ts"],
];
/** Suites that need Prism: the contract oracle. */
const CONTRACT = ["test/contract/agreement.test.ts", "test/contract/operations.test.ts"];
/** Suites that drive Chromium: every one that imports the finder (test/browser/chromium.ts). */
const BROWSER = readdirSync("test", { recursive: true, encoding: "utf8" })
  .map((file) => `test/${file.split(sep).join("/")}`)
  .filter((file) => file.endsWith(".test.ts") && !/^test\/(runtimes|setup)\//.test(file))
  .filter((file) => /from "[./]*(browser\/)?chromium\.js"/.test(readFileSync(file, "utf8")));
/** Suites that run the built package (dist/): the packed tarball. */
const BUILT = ["test/pack.test.ts", "test/lean/loads.test.ts", "test/lean/one-class.test.ts"];
const RUNTIMES = ["test/runtimes/*.test.ts"];

const project = (name: string, test: TestProjectInlineConfiguration["test"]): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, ...test },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // Twice the cores (vitest's default is one fewer than the cores): most heavy files spend their
    // time waiting on a child process, a server or a browser, so a core would idle behind each. Capped
    // so that a large machine does not start a browser per core.
    maxWorkers: Math.min(2 * availableParallelism(), 8),
    // A worker runs file after file without a fresh module graph: about 10 % less CPU for the whole
    // run. Files that change shared state (fake timers, process.env, globals) put it back afterwards.
    isolate: false,
    projects: [
      // The client's units and the test machinery's (the Chromium finder, the runtimes' install).
      project("unit", { include: UNIT }),
      // Type tests: each call that must not compile carries a scoped `// @ts-expect-error`. Checked
      // on their own (and with skipLibCheck) here; `npm run typecheck` checks them with everything else.
      project("types", {
        include: [],
        typecheck: {
          enabled: true,
          only: true,
          include: ["test/types/*.test-d.ts"],
          tsconfig: "test/types/tsconfig.json",
        },
      }),
      // Everything else: the spec, generator, validators, CLI, mock, faults, upstream, README and other-language
      // tests, which start what they need themselves (a mock, a child process) and nothing shared.
      project("integration", {
        include: ["test/**/*.test.ts"],
        exclude: [...UNIT, ...CONTRACT, ...BROWSER, ...BUILT, ...RUNTIMES],
      }),
      // One Prism for the contract tests, started only when one of them runs.
      project("contract", { include: CONTRACT, globalSetup: ["test/contract/prism-setup.ts"] }),
      project("browser", { include: BROWSER, globalSetup: ["test/setup/chromium.ts"] }),
      project("built", { include: BUILT, globalSetup: ["test/setup/build.ts"] }),
      project("runtimes", {
        include: RUNTIMES,
        globalSetup: ["test/setup/build.ts", "test/setup/chromium.ts"],
        testTimeout: 60_000,
      }),
    ],
  },
});
