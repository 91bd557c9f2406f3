import fc from "fast-check";
import JSZip from "jszip";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { taskVersionFor } from "../../scripts/sync-versions";
import { ExtensionIdentity } from "../../src/ado/extension-identity";
import { controlRoutes } from "../../sandbox/control";
import { ProgrammeOptions, generateProgramme } from "../../sandbox/generator";
import { SAMPLE_PAT } from "../../sandbox/generator/tokens";
import { seedSampleSettings } from "../../sandbox/host/seed";
import { ALL_ROUTES } from "../../sandbox/routes";
import { RunningSandbox, startSandbox } from "../../sandbox/server";
import { validateSettings } from "../../src/core/validate-settings";
import {
  GATE_CANNOT_ASSESS_OUTPUTS,
  REPO_ROOT,
  TaskRun,
  outputValues,
  runBundledTask,
} from "../pipeline-tasks/support/run-task";
import { compileTaskSchema } from "../support/task-schema";

/**
 * The .vsix packages as `npm run package` makes them (scripts/package.js over the production build), opened as the
 * zips they are: everything the manifest refers to is inside, nothing that must not ship is, the scopes are the
 * documented ones, the tasks are valid and know the extension they ship in, and each package fits its budget.
 */

/** The size budget of one package: the bundles (~1.2 MB compressed), fonts (1.4 MB) and the listing's images. */
const SIZE_BUDGET_BYTES = 3 * 1024 * 1024;
const FILE_BUDGET = 100;
const RELEASE: ExtensionIdentity = { publisher: "qt-assurance", id: "qt-assurance" };
const DEV: ExtensionIdentity = { publisher: "qt-assurance", id: "qt-assurance-dev" };
const OTHER_PUBLISHER = "contoso-qt";
const TASK_FOLDERS = ["dist/tasks/QtExitGate", "dist/tasks/QtCompletionReport"];

interface Contribution {
  id: string;
  type: string;
  targets: string[];
  properties: Record<string, unknown>;
}
interface PackagedManifest {
  scopes: string[];
  contributions: Contribution[];
}
interface TaskJson {
  id: string;
  name: string;
  friendlyName: string;
  version: { Major: number; Minor: number; Patch: number };
  execution: Record<string, { target: string }>;
}
interface Package {
  file: string;
  bytes: number;
  zip: JSZip;
  files: string[];
  vsixManifest: string;
  manifest: PackagedManifest;
}

const root = mkdtempSync(join(tmpdir(), "qt-vsix-"));
const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string })
  .version;
let release: Package;
let dev: Package;
let otherPublisher: Package;

function runPackager(out: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "package.js"), "--out", out, ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`scripts/package.js ${args.join(" ")} failed:\n${result.stderr}`);
  return result.stdout;
}

async function open(file: string): Promise<Package> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = Object.values(zip.files)
    .filter((entry) => !entry.dir)
    .map((entry) => entry.name)
    .sort();
  const text = (name: string) => zip.file(name)!.async("string");
  return {
    file,
    bytes: readFileSync(file).length,
    zip,
    files,
    vsixManifest: await text("extension.vsixmanifest"),
    manifest: JSON.parse(await text("extension.vsomanifest")) as PackagedManifest,
  };
}

const read = (pkg: Package, name: string) => {
  const entry = pkg.zip.file(name);
  if (!entry) throw new Error(`${name} is not in ${pkg.file}`);
  return entry.async("string");
};
const readJsonIn = async <T>(pkg: Package, name: string) => JSON.parse(await read(pkg, name)) as T;
const identityOf = (pkg: Package) => {
  const match = /<Identity [^>]*Id="([^"]+)" Publisher="([^"]+)" Version="([^"]+)"/.exec(pkg.vsixManifest);
  return match ? { id: match[1], publisher: match[2], version: match[3] } : undefined;
};
const galleryFlags = (pkg: Package) =>
  (/<GalleryFlags>([^<]*)<\/GalleryFlags>/.exec(pkg.vsixManifest)?.[1] ?? "").split(/\s+/).filter(Boolean).sort();

/** Unpacks one task folder, as the agent does when it downloads the task. */
async function unpackTask(pkg: Package, folder: string, into: string): Promise<string> {
  for (const name of pkg.files.filter((file) => file.startsWith(`${folder}/`))) {
    const target = join(into, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await pkg.zip.file(name)!.async("nodebuffer"));
  }
  return join(into, folder);
}

beforeAll(async () => {
  for (const built of ["dist/web/qt-hub.html", "dist/tasks/QtExitGate/index.js"])
    if (!existsSync(join(REPO_ROOT, built)))
      throw new Error(`${built} is not built: run \`npm run build\` (or \`npm run package\`) first.`);
  const printed = runPackager(join(root, "both"));
  console.log(`scripts/package.js:\n${printed}`);
  release = await open(join(root, "both", `qt-assurance.qt-assurance-${packageVersion}.vsix`));
  dev = await open(join(root, "both", `qt-assurance.qt-assurance-dev-${packageVersion}.vsix`));
  runPackager(join(root, "other"), "--flavour", "release", "--publisher", OTHER_PUBLISHER, "--private");
  otherPublisher = await open(join(root, "other", `${OTHER_PUBLISHER}.qt-assurance-${packageVersion}.vsix`));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const flavours = () =>
  [
    ["release", release, RELEASE],
    ["dev", dev, DEV],
  ] as const;

describe("the packages", () => {
  it("carry the identity of their flavour and package.json's version", () => {
    expect(identityOf(release)).toEqual({ ...RELEASE, version: packageVersion });
    expect(identityOf(dev)).toEqual({ ...DEV, version: packageVersion });
    expect(identityOf(otherPublisher)).toEqual({
      publisher: OTHER_PUBLISHER,
      id: "qt-assurance",
      version: packageVersion,
    });
    expect(galleryFlags(release)).toEqual(["Preview", "Public"]);
    expect(galleryFlags(dev)).toEqual(["Preview"]);
    expect(galleryFlags(otherPublisher)).toEqual(["Preview"]);
    expect(dev.vsixManifest).toContain("<DisplayName>QT Assurance (dev)</DisplayName>");
  });

  it.each(["release", "dev"] as const)("%s: every page, icon and image a contribution names is inside", (flavour) => {
    const pkg = flavour === "release" ? release : dev;
    const named: string[] = [];
    for (const contribution of pkg.manifest.contributions)
      for (const key of ["uri", "catalogIconUrl", "previewImageUrl"]) {
        const value = contribution.properties[key];
        if (typeof value === "string") named.push(value);
      }
    expect(named.filter((uri) => uri.endsWith(".html"))).toHaveLength(8);
    expect(named.filter((uri) => uri.endsWith(".png"))).toHaveLength(6);
    for (const uri of named) expect(pkg.files).toContain(uri);
  });

  it.each(["release", "dev"] as const)("%s: each page loads a bundle that is inside", async (flavour) => {
    const pkg = flavour === "release" ? release : dev;
    const pages = pkg.files.filter((file) => file.endsWith(".html"));
    for (const page of pages) {
      // webpack minifies the HTML in production: attribute values may be unquoted.
      const scripts = [
        ...(await read(pkg, page)).matchAll(/<script\b[^>]*\bsrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g),
      ].map((m) => m[1] ?? m[2] ?? m[3]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) expect(pkg.files).toContain(posix.join(posix.dirname(page), src));
    }
  });

  it.each(["release", "dev"] as const)("%s: every asset of the package manifest is inside", (flavour) => {
    const pkg = flavour === "release" ? release : dev;
    const assets = [...pkg.vsixManifest.matchAll(/<Asset Type="([^"]+)"[^>]* Path="([^"]+)"/g)].map((m) => ({
      type: m[1],
      path: m[2],
    }));
    const types = assets.map((asset) => asset.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "Microsoft.VisualStudio.Services.Icons.Default",
        "Microsoft.VisualStudio.Services.Content.Details",
        "Microsoft.VisualStudio.Services.Content.License",
      ]),
    );
    for (const asset of assets) expect(pkg.files).toContain(asset.path);
    const icon = /<Icon>([^<]+)<\/Icon>/.exec(pkg.vsixManifest)?.[1];
    expect(icon).toBe("static/images/logo.png");
    const png = pkg.zip.file(icon!)!;
    return png.async("nodebuffer").then((bytes) => {
      // A PNG whose IHDR says 128×128: the Marketplace's icon size.
      expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([128, 128]);
    });
  });

  it("the listing's images and document links resolve inside the package", async () => {
    const overview = await read(release, "overview.md");
    const images = [...overview.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThanOrEqual(5);
    const links = [...overview.matchAll(/(?<!!)\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)/g)]
      .map((m) => m[1])
      .filter((href) => !/^[a-z]+:/i.test(href));
    expect(links).toEqual(expect.arrayContaining(["docs/install.md"]));
    for (const target of [...images, ...links]) expect(release.files).toContain(target);
  });

  it("asks for exactly the scopes docs/install.md explains", () => {
    const documented = [
      ...readFileSync(join(REPO_ROOT, "docs", "install.md"), "utf8").matchAll(/^\|\s*`(vso\.[\w.]+)`\s*\|/gm),
    ].map((m) => m[1]);
    const source = JSON.parse(readFileSync(join(REPO_ROOT, "vss-extension.json"), "utf8")) as { scopes: string[] };
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([
      "vso.analytics",
      "vso.extension.data_write",
      "vso.project",
      "vso.test",
      "vso.work_write",
    ]);
    for (const pkg of [release, dev, otherPublisher])
      expect([...pkg.manifest.scopes].sort()).toEqual(documented.sort());
    expect([...source.scopes].sort()).toEqual(documented.sort());
  });

  it.each(["release", "dev"] as const)("%s ships nothing that must not ship", (flavour) => {
    const pkg = flavour === "release" ? release : dev;
    const allowed =
      /^(dist\/web\/|dist\/tasks\/|static\/|docs\/|overview\.md$|LICENSE$|extension\.vs(ix|o)manifest$|\[Content_Types\]\.xml$)/;
    expect(pkg.files.filter((file) => !allowed.test(file))).toEqual([]);
    expect(pkg.files.filter((file) => /\.(map|ts|tsx)$/.test(file))).toEqual([]);
    expect(pkg.files.filter((file) => /(^|\/)(sandbox|test|node_modules|src)\//.test(file))).toEqual([]);
    // The local extension host page is built into dist/web beside the hubs, for the sandbox only.
    expect(pkg.files.filter((file) => /^dist\/web\/host\./.test(file))).toEqual([]);
    expect(pkg.files).not.toContain("vss-extension.json");
  });

  it.each(["release", "dev"] as const)("%s stays within the size budget", (flavour) => {
    const pkg = flavour === "release" ? release : dev;
    console.log(
      `${flavour}: ${(pkg.bytes / 1024).toFixed(1)} KB in ${pkg.files.length} files ` +
        `(budget ${(SIZE_BUDGET_BYTES / 1024 / 1024).toFixed(1)} MB, ${FILE_BUDGET} files)`,
    );
    expect(pkg.bytes).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
    expect(pkg.files.length).toBeLessThanOrEqual(FILE_BUDGET);
  });
});

describe("the pipeline tasks in the packages", () => {
  const validate = compileTaskSchema();
  const sourceTask = (folder: string) =>
    JSON.parse(
      readFileSync(join(REPO_ROOT, "src", "pipeline-tasks", folder.split("/").pop()!, "task.json"), "utf8"),
    ) as TaskJson;

  it("are contributed for both tasks, each from its own folder", () => {
    for (const pkg of [release, dev]) {
      const tasks = pkg.manifest.contributions.filter((c) => c.type === "ms.vss-distributed-task.task");
      expect(tasks.map((c) => c.properties.name).sort()).toEqual([...TASK_FOLDERS].sort());
      for (const task of tasks) expect(task.targets).toEqual(["ms.vss-distributed-task.tasks"]);
    }
  });

  it.each(flavours().flatMap(([name, , identity]) => TASK_FOLDERS.map((folder) => [name, folder, identity] as const)))(
    "%s %s: a valid task.json, its entry file, icon and message catalogue, and the extension it ships in",
    async (flavour, folder, identity) => {
      const pkg = flavour === "release" ? release : dev;
      const task = await readJsonIn<TaskJson>(pkg, `${folder}/task.json`);
      const valid = validate(task);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      for (const { target } of Object.values(task.execution)) expect(pkg.files).toContain(`${folder}/${target}`);
      for (const file of ["icon.png", "lib.json"]) expect(pkg.files).toContain(`${folder}/${file}`);
      expect(await readJsonIn(pkg, `${folder}/extension.json`)).toEqual(identity);
      expect(task.version).toEqual(taskVersionFor(packageVersion, sourceTask(folder).version.Major));
    },
  );

  it("release tasks keep their ids and names; dev tasks have their own, stable ones", async () => {
    for (const folder of TASK_FOLDERS) {
      const source = sourceTask(folder);
      const released = await readJsonIn<TaskJson>(release, `${folder}/task.json`);
      const developed = await readJsonIn<TaskJson>(dev, `${folder}/task.json`);
      expect([released.id, released.name]).toEqual([source.id, source.name]);
      expect(developed.id).not.toBe(source.id);
      expect(developed.name).toBe(`${source.name}Dev`);
      expect(developed.friendlyName).toMatch(/\(dev\)$/);
    }
    const devIds = await Promise.all(TASK_FOLDERS.map((f) => readJsonIn<TaskJson>(dev, `${f}/task.json`)));
    const again = mkdtempSync(join(root, "again-"));
    runPackager(again, "--flavour", "dev");
    const rebuilt = await open(join(again, `qt-assurance.qt-assurance-dev-${packageVersion}.vsix`));
    for (const [i, folder] of TASK_FOLDERS.entries())
      expect((await readJsonIn<TaskJson>(rebuilt, `${folder}/task.json`)).id).toBe(devIds[i].id);
    // Reproducible: the same build packaged again is the same bytes.
    expect(readFileSync(rebuilt.file).equals(readFileSync(dev.file))).toBe(true);
  });

  it("a package built for another publisher tells its tasks so", async () => {
    for (const folder of TASK_FOLDERS)
      expect(await readJsonIn(otherPublisher, `${folder}/extension.json`)).toEqual({
        publisher: OTHER_PUBLISHER,
        id: "qt-assurance",
      });
  });
});

describe("a packaged gate on an agent", () => {
  const PROGRAMME: ProgrammeOptions = { seed: 1, scale: 0.05 };
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    const programme = generateProgramme(PROGRAMME);
    sandbox = await startSandbox({
      state: programme.state,
      routes: ALL_ROUTES,
      controlRoutes: [controlRoutes({ initial: PROGRAMME, programme })],
    });
    const sample = validateSettings(
      JSON.parse(readFileSync(join(REPO_ROOT, "sandbox", "sample-settings.json"), "utf8")),
    );
    if (!sample.valid) throw new Error("sandbox/sample-settings.json does not validate");
    // Settings saved by the dev extension only: a task reading any other extension's data finds none.
    await seedSampleSettings(sandbox.orgUrl, sample.settings, { extension: DEV });
  }, 30_000);
  afterAll(async () => {
    await sandbox?.close();
  });

  async function gateFrom(taskDir: string): Promise<TaskRun> {
    const scratch = mkdtempSync(join(root, "agent-"));
    return runBundledTask("QtExitGate", {
      taskDir,
      accessToken: SAMPLE_PAT,
      cwd: scratch,
      inputs: { participantRole: "HOLL-X" },
      variables: {
        "System.TeamFoundationCollectionUri": `${sandbox.orgUrl}/`,
        "System.TeamProject": "MHHS QT",
        "Agent.TempDirectory": scratch,
      },
    });
  }

  it("reads the settings of the extension it ships in", async () => {
    const devGate = await gateFrom(await unpackTask(dev, "dist/tasks/QtExitGate", mkdtempSync(join(root, "dev-"))));
    expect(devGate.stderr).toBe("");
    expect(devGate.result?.message).not.toMatch(/cannot assess/);
    expect(devGate.result?.result).toBe("Failed"); // HOLL-X has outstanding Sev1 defects
    expect(devGate.variables.verdict?.value).toBeDefined();

    const releaseGate = await gateFrom(
      await unpackTask(release, "dist/tasks/QtExitGate", mkdtempSync(join(root, "release-"))),
    );
    expect(releaseGate.result?.result).toBe("Failed");
    expect(releaseGate.result?.message).toMatch(/cannot assess: No settings are stored for the extension yet/);
  }, 60_000);

  it("fails closed when the package's extension.json is damaged", async () => {
    const taskDir = await unpackTask(dev, "dist/tasks/QtExitGate", mkdtempSync(join(root, "damaged-")));
    writeFileSync(join(taskDir, "extension.json"), '{"publisher": 7}');
    const run = await gateFrom(taskDir);
    expect(run.result?.result).toBe("Failed");
    expect(run.result?.message).toMatch(/cannot assess: extension\.json beside the task does not name an extension/);
    // Nothing was read: the verdict says so and no count is published as a number.
    expect(outputValues(run)).toEqual(GATE_CANNOT_ASSESS_OUTPUTS);
  }, 60_000);
});

describe("versions", () => {
  const versions = fc.tuple(fc.nat(50), fc.nat(999), fc.nat(500));
  const text = ([a, b, c]: [number, number, number]) => `${a}.${b}.${c}`;
  const later = (x: [number, number, number], y: [number, number, number]) =>
    x[0] !== y[0] ? x[0] > y[0] : x[1] !== y[1] ? x[1] > y[1] : x[2] > y[2];
  const taskLater = (x: { Minor: number; Patch: number }, y: { Minor: number; Patch: number }) =>
    x.Minor !== y.Minor ? x.Minor > y.Minor : x.Patch > y.Patch;

  it("a later extension version always gives a later task version (agents keep the one they have)", () => {
    fc.assert(
      fc.property(versions, versions, fc.integer({ min: 1, max: 9 }), (x, y, major) => {
        fc.pre(later(y, x));
        const [before, after] = [taskVersionFor(text(x), major), taskVersionFor(text(y), major)];
        return after.Major === major && taskLater(after, before);
      }),
    );
  });

  it("rejects versions the tasks cannot carry", () => {
    expect(() => taskVersionFor("1.2", 1)).toThrow(/MAJOR\.MINOR\.PATCH/);
    expect(() => taskVersionFor("1.2.3-beta.1", 1)).toThrow(/MAJOR\.MINOR\.PATCH/);
    expect(() => taskVersionFor("1.1000.0", 1)).toThrow(/overflow/);
  });

  function scratchCheckout(version: string, taskVersion: string) {
    const dir = mkdtempSync(join(root, "checkout-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "x", version }));
    cpSync(join(REPO_ROOT, "vss-extension.json"), join(dir, "vss-extension.json"));
    for (const folder of TASK_FOLDERS) {
      const name = folder.split("/").pop()!;
      const target = join(dir, "src", "pipeline-tasks", name, "task.json");
      cpSync(join(REPO_ROOT, "src", "pipeline-tasks", name, "task.json"), target);
      const [major, minor, patch] = taskVersion.split(".");
      writeFileSync(
        target,
        readFileSync(target, "utf8")
          .replace(/("Major"\s*:\s*)\d+/, `$1${major}`)
          .replace(/("Minor"\s*:\s*)\d+/, `$1${minor}`)
          .replace(/("Patch"\s*:\s*)\d+/, `$1${patch}`),
      );
    }
    return dir;
  }
  const sync = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "sync-versions.js"), "--root", dir, ...args], {
      encoding: "utf8",
    });

  it("the repository's manifest and tasks agree with package.json", () => {
    const check = sync(REPO_ROOT, "--check");
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  });

  it("sync-versions writes a bump into the manifest and the tasks, and --check finds a disagreement", () => {
    const dir = scratchCheckout("2.3.4", "1.1.0");
    const before = sync(dir, "--check");
    expect(before.status).toBe(1);
    expect(before.stderr).toMatch(/vss-extension\.json has version .*; package\.json has 2\.3\.4/);
    expect(before.stderr).toMatch(/QtExitGate[\\/]task\.json has version 1\.1\.0; 2\.3\.4 gives 1\.2003\.4/);
    expect(sync(dir).status).toBe(0);
    expect(sync(dir, "--check").status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, "vss-extension.json"), "utf8")) as {
      version: string;
      targets: { version?: string }[];
    };
    expect(manifest.version).toBe("2.3.4");
    expect(manifest.targets.map((t) => t.version).filter(Boolean)).toEqual(["[19.0,)"]);
    const task = JSON.parse(
      readFileSync(join(dir, "src", "pipeline-tasks", "QtExitGate", "task.json"), "utf8"),
    ) as TaskJson;
    expect(task.version).toEqual({ Major: 1, Minor: 2003, Patch: 4 });
  });

  it("sync-versions refuses to move a task version down", () => {
    const dir = scratchCheckout("0.1.0", "1.5.0");
    const result = sync(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/would go from 1\.5\.0 down to 1\.1\.0/);
  });
});
