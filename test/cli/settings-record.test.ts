import { EmbeddedSandbox, startEmbeddedSandbox } from "../../sandbox/embedded";
import { TESTER_PAT } from "../../sandbox/generator/tokens";
import { seedSampleSettings } from "../../sandbox/host/seed";
import { runCliCaptured } from "./support/run-cli";

/** `qt-assure settings protect` keeps the stored settings in a settings record; `settings history` shows its saves. */

jest.setTimeout(60_000);

let sandbox: EmbeddedSandbox;
let remote: string[];

beforeAll(async () => {
  sandbox = await startEmbeddedSandbox();
  await seedSampleSettings(sandbox.orgUrl, sandbox.settings);
  remote = ["--org-url", sandbox.orgUrl, "--project", sandbox.project];
});
afterAll(() => sandbox.close());

const as = (token: string, ...args: string[]) => runCliCaptured([...args, ...remote], { AZURE_DEVOPS_EXT_PAT: token });

describe("qt-assure settings protect and history", () => {
  it("has no history while the settings are in the extension's data", async () => {
    const r = await as(sandbox.token, "settings", "history");
    expect(r.stdout).toBe("The settings are not kept in a settings record, so they have no history here.\n");
  });

  it("refuses someone outside the QT Administrators team, and writes nothing", async () => {
    const r = await as(TESTER_PAT, "settings", "protect");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Avery Quillon is not in the project's "QT Administrators" team`);
    expect((await as(sandbox.token, "settings", "history")).stdout).toMatch(/no history here/);
  });

  it("protects the stored settings for an administrator, once, and shows the version they made", async () => {
    const r = await as(sandbox.token, "settings", "protect");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/now kept in a settings record \(revision 1\)/);
    const again = await as(sandbox.token, "settings", "protect");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already kept in record #\d+/);
    const history = await as(sandbox.token, "settings", "history");
    expect(history.stdout).toMatch(/^revision 1 {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2} {2}Sandbox Administrator\n/);
    expect(history.stdout).toContain("  the first version of the settings in this record\n");
  });
});
