import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileTaskSchema } from "../support/task-schema";
import { REPO_ROOT, TASK_NAMES } from "./support/run-task";

/**
 * Each task's manifest against the published task.json schema (see test/support/task-schema.ts), plus what the
 * schema cannot say: the manifest matches what the task code does.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface TaskJson {
  id: string;
  name: string;
  instanceNameFormat?: string;
  inputs: { name: string; helpMarkDown?: string }[];
  outputVariables?: { name: string; description?: string }[];
  execution: Record<string, { target: string }>;
}

const srcDir = (task: string) => join(REPO_ROOT, "src", "pipeline-tasks", task);
const manifests = Object.fromEntries(
  TASK_NAMES.map((task) => [task, JSON.parse(readFileSync(join(srcDir(task), "task.json"), "utf8")) as TaskJson]),
);

describe("task.json", () => {
  const validate = compileTaskSchema();

  it.each(TASK_NAMES)("%s validates against the task.json schema", (task) => {
    const valid = validate(manifests[task]);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema is really applied (a broken manifest fails it)", () => {
    const broken = { ...manifests.QtExitGate, id: "not-a-guid", unknownKey: true };
    expect(validate(broken)).toBe(false);
  });

  it.each(TASK_NAMES)("%s runs index.js on Node20_1", (task) => {
    const { execution, name } = manifests[task];
    expect(name).toBe(task);
    expect(Object.keys(execution)).toEqual(["Node20_1"]);
    expect(execution.Node20_1.target).toBe("index.js");
  });

  it.each(TASK_NAMES)("%s documents every input and names its instances", (task) => {
    const { inputs, instanceNameFormat } = manifests[task];
    expect(inputs.length).toBeGreaterThan(0);
    for (const input of inputs)
      expect({ input: input.name, help: input.helpMarkDown?.trim() }).toEqual({
        input: input.name,
        help: expect.stringMatching(/\S/),
      });
    expect(instanceNameFormat?.trim()).toBeTruthy();
    for (const [, ref] of instanceNameFormat!.matchAll(/\$\(([^)]+)\)/g))
      expect(inputs.map((i) => i.name)).toContain(ref);
  });

  it.each(TASK_NAMES)("%s declares every output variable its code sets, and no other", (task) => {
    const code = readFileSync(join(srcDir(task), "index.ts"), "utf8");
    const set = [...code.matchAll(/setVariable\(\s*"([^"]+)"/g)].map((m) => m[1]);
    expect(set.length).toBeGreaterThan(0);
    // Every call names its variable literally (so the list above is complete).
    expect(set.length).toBe((code.match(/setVariable\(/g) ?? []).length);
    const declared = (manifests[task].outputVariables ?? []).map((v) => v.name);
    expect([...new Set(set)].sort()).toEqual([...declared].sort());
    for (const v of manifests[task].outputVariables ?? []) expect(v.description?.trim()).toBeTruthy();
  });

  it("each task has its own GUID", () => {
    const ids = TASK_NAMES.map((task) => manifests[task].id);
    for (const id of ids) expect(id).toMatch(GUID);
    expect(new Set(ids.map((id) => id.toLowerCase())).size).toBe(ids.length);
  });

  it.each(TASK_NAMES)("%s has a 32x32 PNG icon", (task) => {
    const file = join(srcDir(task), "icon.png");
    expect(existsSync(file)).toBe(true);
    const png = readFileSync(file);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The first chunk is IHDR: length 13, then width and height as big-endian 32-bit integers.
    expect(png.readUInt32BE(8)).toBe(13);
    expect(png.toString("latin1", 12, 16)).toBe("IHDR");
    expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({ width: 32, height: 32 });
  });
});
