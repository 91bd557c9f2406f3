/**
 * Two projects share one transform and the same module mapping:
 * - "node": the engine and everything that runs in Node (`test/**\/*.test.ts`);
 * - "ui": React / azure-devops-ui code in jsdom (`test/**\/*.test.tsx`).
 *
 * azure-devops-ui ships ES modules that import `.css`, so its files are transformed (ts-jest with allowJs) and
 * stylesheets map to a stub. The SDK's CommonJS entry is an AMD build ("define is not defined"), so every test
 * gets a typed mock instead (test/support/sdk-mock.ts).
 *
 * ts-jest transpiles only (tsconfig.json sets isolatedModules); `npm run typecheck` checks types.
 * @type {import('jest').Config}
 */
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }];
// Inline compiler options extend the tsconfig.json that ts-jest finds in the root directory.
const jsJest = ["ts-jest", { tsconfig: { allowJs: true }, diagnostics: { warnOnly: false } }];

const common = {
  transform: {
    "^.+\\.tsx?$": tsJest,
    "^.+\\.jsx?$": jsJest,
  },
  // Everything in node_modules is used as shipped, except azure-devops-ui (ES modules).
  transformIgnorePatterns: ["/node_modules/(?!azure-devops-ui/)"],
  moduleNameMapper: {
    "\\.(css|scss)$": "<rootDir>/test/support/style-stub.js",
    "^azure-devops-extension-sdk$": "<rootDir>/test/support/sdk-mock.ts",
  },
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // Many tests start the sandbox and read a whole programme over HTTP; with the browser tests beside them on a
  // two-core machine, jest's 5 s default fails them on load, not on behaviour.
  testTimeout: 30_000,
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: "node",
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
    },
    {
      ...common,
      displayName: "ui",
      testEnvironment: "jsdom",
      setupFiles: ["<rootDir>/test/support/jsdom-setup.ts"],
      testMatch: ["<rootDir>/test/**/*.test.tsx"],
    },
  ],
};
