// @ts-check
import eslint from "@eslint/js";
import prettier from "eslint-config-prettier";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "test/__generated__/",
      "examples/web/src/__generated__/",
      "examples/web/dist/",
      ".tmp-*/",
      "reports/",
      ".stryker-tmp*/",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports." },
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver()],
    },
    rules: {
      // The layers import downwards only; a cycle means a module is in the wrong place. Type-only imports do not
      // count: they vanish at run time.
      "import-x/no-cycle": "error",
      // The sandbox wing (emulators and their start-up) is loaded only in sandbox mode, by a dynamic import in
      // the entry point: nothing else may import it, so a production process never loads an emulator.
      "import-x/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: ["./src/!(sandbox)/**/*", "./src/!(index).ts"],
              from: "./src/sandbox",
              message: "Only src/index.ts loads the sandbox, with a dynamic import() in sandbox mode.",
            },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript helpers run by Node (the benchmark's worker, the start-up test's module recorder).
    files: ["**/*.mjs"],
    languageOptions: { globals: { performance: "readonly", fetch: "readonly", process: "readonly" } },
  },
  {
    // Tool configuration files must default-export.
    files: ["*.config.ts", "*.config.js", "*.config.mjs", "examples/*/vite.config.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["src/**/*.ts"],
    ignores: ["src/index.ts", "src/sandbox/cli.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Only the entry points read process.env; pass config down.",
        },
      ],
    },
  },
);
