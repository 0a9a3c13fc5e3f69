import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One Prism for the contract and mock tests, started once and stopped after the run.
    globalSetup: ["test/contract/prism-setup.ts"],
    // Type tests: each call that must not compile carries a scoped `// @ts-expect-error`.
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
    testTimeout: 30_000,
  },
});
