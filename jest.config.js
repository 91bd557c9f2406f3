/** @type {import('jest').Config} */
const tsJest = ["ts-jest", { tsconfig: "tsconfig.json", diagnostics: { warnOnly: false } }];

const common = {
  transform: { "^.+\\.(t|j)sx?$": tsJest },
  moduleNameMapper: {
    "\\.(css|scss)$": "<rootDir>/test/support/style-stub.js",
    "^azure-devops-extension-sdk$": "<rootDir>/test/support/sdk-mock.ts",
  },
};

module.exports = {
  projects: [
    {
      ...common,
      displayName: "node",
      testEnvironment: "node",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
    },
  ],
};
