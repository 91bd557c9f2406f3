import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * The layer rules of eslint.config.mjs fire: each deliberately bad import below is refused in the folder it is
 * written in, with the rule's reason, and the same kind of import is allowed where the layers permit it. ESLint
 * loads its config with a dynamic import, which jest's module runtime refuses, so one child Node process lints every
 * case through ESLint's API and answers the refusals.
 */
const ROOT = join(__dirname, "..", "..");
const use = (from: string) => `import * as m from "${from}";\nexport const x = m;\n`;

const LINT_CASES = `
const { ESLint } = require("eslint");
const path = require("node:path");
let input = "";
process.stdin.on("data", (d) => (input += d)).on("end", async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = {};
  for (const [file, code] of JSON.parse(input)) {
    const [result] = await eslint.lintText(code, { filePath: path.join(process.cwd(), file) });
    out[file + " " + code] = result.messages
      .filter((m) => m.ruleId === "no-restricted-imports" || m.fatal)
      .map((m) => m.message);
  }
  process.stdout.write(JSON.stringify(out));
});
`;

let results: Record<string, string[]> = {};
const refusals = (file: string, from: string) => {
  const found = results[`${file} ${use(from)}`];
  if (!found) throw new Error(`${file} importing ${from} was not linted`);
  return found;
};

const REFUSED: [string, string, RegExp][] = [
  ["src/core/bad.ts", "../ado/reader", /src\/core is the pure engine: it imports nothing above it/],
  ["src/core/report/bad.ts", "../../ui/ExternalLink", /src\/core is the pure engine/],
  ["src/core/bad.ts", "../../sandbox/server", /src\/core is the pure engine/],
  ["src/ado/bad.ts", "react", /src\/ado talks to Azure DevOps for every surface: no UI/],
  ["src/ado/bad.ts", "azure-devops-ui/Button", /src\/ado talks to Azure DevOps/],
  ["src/ado/bad.ts", "../hubs/qt-assurance/detail/load", /src\/ado talks to Azure DevOps/],
  ["src/ado/bad.ts", "../../sandbox/embedded", /src\/ado talks to Azure DevOps/],
  ["src/ui/bad.ts", "../ado/node-port", /Browser code .* no node-\* adapters/],
  ["src/ui/bad.ts", "../hubs/qt-assurance/routes", /src\/ui is shared by the hubs and widgets/],
  ["src/hubs/qt-assurance/bad.ts", "node:fs", /Browser code/],
  ["src/hubs/qt-assurance/bad.ts", "azure-pipelines-task-lib/task", /Browser code/],
  ["src/hubs/qt-assurance/detail/bad.ts", "../../../cli/main", /Browser code/],
  ["src/hubs/settings/bad.ts", "../../ado/node-source", /Browser code/],
  ["src/widgets/shared/bad.ts", "../../hubs/qt-assurance/detail/load", /Widgets import no hub code/],
  ["src/widgets/shared/bad.ts", "../../pipeline-tasks/shared/task-run", /Browser code/],
  ["src/widgets/exit-readiness/bad.ts", "crypto", /Browser code/],
];
const ALLOWED: [string, string][] = [
  ["src/core/report/ok.ts", "../assessment"],
  ["src/ado/ok.ts", "../core/assess"],
  ["src/ado/ok.ts", "./node-port"],
  ["src/ui/ok.ts", "../ado/browser-port"],
  ["src/hubs/qt-assurance/ok.ts", "../../ui/ExternalLink"],
  ["src/hubs/qt-assurance/ok.ts", "../../ado/assessment-run"],
  ["src/widgets/shared/ok.ts", "../../ui/hub-data"],
  ["src/cli/ok.ts", "../ado/node-source"],
  ["src/pipeline-tasks/shared/ok.ts", "azure-pipelines-task-lib/task"],
];

beforeAll(() => {
  const cases = [
    ...REFUSED.map(([file, from]) => [file, use(from)]),
    ...ALLOWED.map(([file, from]) => [file, use(from)]),
  ];
  const stdout = execFileSync(process.execPath, ["-e", LINT_CASES], {
    cwd: ROOT,
    input: JSON.stringify(cases),
    encoding: "utf8",
    timeout: 120_000,
  });
  results = JSON.parse(stdout) as Record<string, string[]>;
}, 120_000);

describe("the layer rules", () => {
  it.each(REFUSED)("refuses in %s: %s", (file, from, reason) => {
    const messages = refusals(file, from);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(reason);
  });

  it.each(ALLOWED)("allows in %s: %s", (file, from) => {
    expect(refusals(file, from)).toEqual([]);
  });
});
