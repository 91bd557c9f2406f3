/**
 * Writes sandbox/sample-settings.json: the settings that map the sample programme (seed 1; plan ids and area paths
 * do not depend on the scale). `npm run sandbox:settings`; a test checks the file matches the generator.
 */
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { format, resolveConfig } from "prettier";
import { Settings } from "../../src/core/settings";
import { generateProgramme } from "./index";

export const SAMPLE_SEED = 1;
export const SAMPLE_SCALE = 1;

export function sampleProgrammeSettings(): Settings {
  return generateProgramme({ seed: SAMPLE_SEED, scale: SAMPLE_SCALE }).settings;
}

/** The repository root: the nearest directory upwards holding package.json (works from sandbox/ and dist/sandbox/). */
function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}

async function main(): Promise<void> {
  const target = join(repositoryRoot(__dirname), "sandbox", "sample-settings.json");
  const config = (await resolveConfig(target)) ?? {};
  const text = await format(JSON.stringify(sampleProgrammeSettings(), null, 2), {
    ...config,
    parser: "json",
    filepath: target,
  });
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
