// ESLint 9 flat config: @eslint/js + typescript-eslint (syntactic rules; `npm run typecheck` does the types).
// Formatting is Prettier's job (`prettier --check` in `npm run lint`), so no stylistic rules here.
import { builtinModules } from "node:module";
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Packages that do I/O or need a host: the engine (src/core) must stay pure, so it may import none of them. */
const HOST_PACKAGES = [
  "azure-devops-extension-sdk",
  "azure-devops-extension-api",
  "azure-devops-node-api",
  "azure-pipelines-task-lib",
  "azure-devops-ui",
  "react",
  "react-dom",
];

const PURE_CORE =
  "src/core is the pure engine: no I/O, no SDK, no UI. Do this in src/ado or a surface and pass data in.";

/**
 * The layers (docs/architecture.md): each folder of src imports only from the layers below it. A relative import
 * climbs out of its folder with `../`; these match the folder it lands in.
 */
const climbsInto = (...folders) => `^(\\.\\./)+(${folders.join("|")})(/|$)`;
const LAYER = {
  core: "src/core is the pure engine: it imports nothing above it (no src/ado, UI, surfaces or sandbox).",
  ado: "src/ado talks to Azure DevOps for every surface: no UI, no surface code, no sandbox.",
  browser:
    "Browser code (src/ui, hubs, widgets) runs in Azure DevOps' page: no Node modules, no node-* adapters, no CLI, pipeline task or sandbox code.",
  widgets: "Widgets import no hub code: what both need belongs in src/ui or the application layer (src/ado).",
  ui: "src/ui is shared by the hubs and widgets: it imports neither.",
};
const NODE_ONLY_PACKAGES = ["azure-devops-node-api", "azure-pipelines-task-lib"];
const UI_PACKAGES = ["react", "react-dom", "azure-devops-ui"];

/** no-restricted-imports options for browser code, with `extra` patterns for the folder. */
function browserImports(extra = []) {
  return [
    "error",
    {
      paths: [
        ...builtinModules.map((name) => ({ name, message: LAYER.browser })),
        ...NODE_ONLY_PACKAGES.map((name) => ({ name, message: LAYER.browser })),
      ],
      patterns: [
        { group: ["node:*"], message: LAYER.browser },
        { group: [...builtinModules, ...NODE_ONLY_PACKAGES].map((name) => `${name}/*`), message: LAYER.browser },
        { regex: climbsInto("cli", "pipeline-tasks", "sandbox"), message: LAYER.browser },
        { regex: "^(\\.\\./)+ado/node-", message: LAYER.browser },
        ...extra,
      ],
    },
  ];
}

/** Node's globals for the plain-JS config files and scripts (no `globals` package needed for a handful). */
const NODE_GLOBALS = {
  require: "readonly",
  module: "writable",
  exports: "writable",
  process: "readonly",
  console: "readonly",
  __dirname: "readonly",
  __filename: "readonly",
};

export default defineConfig(
  { ignores: ["dist/", "node_modules/", "coverage/", "out/", "test-results/", ".bench/", "src/core/*.generated.ts"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    rules: {
      // Allow deliberately unused names when they start with an underscore.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Hooks called in order, and dependency lists that name what the effect reads (not kept by hand).
    files: ["src/**/*.tsx", "src/ui/**/*.ts", "src/hubs/**/*.ts", "src/widgets/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    files: ["**/*.{js,cjs,mjs}"],
    languageOptions: { globals: NODE_GLOBALS },
    rules: {
      // CommonJS config files and scripts use require().
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    // Deliberate: the renderers' escaping strips C0/C1 control characters, so its patterns (and the tests that
    // feed it hostile text) must name them.
    files: ["src/core/report/escape.ts", "test/**/*.{ts,tsx}"],
    rules: { "no-control-regex": "off" },
  },
  {
    files: ["src/core/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            ...builtinModules.map((name) => ({ name, message: PURE_CORE })),
            ...HOST_PACKAGES.map((name) => ({ name, message: PURE_CORE })),
          ],
          patterns: [
            { group: ["node:*"], message: PURE_CORE },
            // Subpaths: fs/promises, azure-devops-extension-api/WorkItemTracking, azure-devops-ui/Button, …
            { group: [...builtinModules, ...HOST_PACKAGES].map((name) => `${name}/*`), message: PURE_CORE },
            {
              regex: climbsInto("ado", "ui", "hubs", "widgets", "cli", "pipeline-tasks", "sandbox"),
              message: LAYER.core,
            },
          ],
        },
      ],
      // No clock reads, randomness or I/O through globals either: time comes in as `now`, data as arguments.
      "no-restricted-globals": [
        "error",
        ...["fetch", "XMLHttpRequest", "WebSocket", "window", "document", "localStorage", "sessionStorage"].map(
          (name) => ({ name, message: PURE_CORE }),
        ),
        { name: "process", message: PURE_CORE },
      ],
      "no-restricted-properties": [
        "error",
        { object: "Date", property: "now", message: "src/core reads no clock: take `now: Date` as a parameter." },
        { object: "Math", property: "random", message: "src/core is deterministic: no Math.random()." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "src/core reads no clock: take `now: Date` as a parameter.",
        },
      ],
    },
  },
  {
    files: ["src/ado/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: UI_PACKAGES.map((name) => ({ name, message: LAYER.ado })),
          patterns: [
            { group: UI_PACKAGES.map((name) => `${name}/*`), message: LAYER.ado },
            { regex: climbsInto("ui", "hubs", "widgets", "cli", "pipeline-tasks", "sandbox"), message: LAYER.ado },
          ],
        },
      ],
    },
  },
  {
    files: ["src/ui/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": browserImports([{ regex: climbsInto("hubs", "widgets"), message: LAYER.ui }]) },
  },
  {
    files: ["src/hubs/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": browserImports() },
  },
  {
    files: ["src/widgets/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": browserImports([{ regex: climbsInto("hubs"), message: LAYER.widgets }]) },
  },
);
