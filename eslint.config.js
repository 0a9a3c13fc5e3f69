// ESLint checks the code's correctness; Prettier (see .prettierrc.json) owns its formatting.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["generated/", "dist/", "node_modules/", ".scratch/", "test-results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // A fragment copied into generated/validators.js: the generated checks below it use these.
    files: ["scripts/lib/validator-runtime.js"],
    rules: { "no-unused-vars": "off", "@typescript-eslint/no-unused-vars": "off" },
  },
);
