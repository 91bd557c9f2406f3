/**
 * Keeps docs/settings.md honest: its complete example must validate and use every setting, it must name every
 * setting, and the defaults and severity examples it shows must be what the engine does.
 */
import { readFileSync } from "fs";
import { join } from "path";
import { SETTINGS_SCHEMA } from "../../src/core/settings-schema";
import { defaultSettings } from "../../src/core/settings";
import { compileSeverityMapping } from "../../src/core/severity";
import { formatSettingsErrors, validateSettings } from "../../src/core/validate-settings";

const DOC_PATH = join(__dirname, "..", "..", "docs", "settings.md");
const doc = readFileSync(DOC_PATH, "utf8");

function marker(name: string): number {
  const at = doc.indexOf(`<!-- doc-test: ${name} -->`);
  if (at < 0) throw new Error(`docs/settings.md has no "<!-- doc-test: ${name} -->" marker`);
  return at;
}

/** The first ```json block after a marker, parsed. */
function jsonBlockAfter(name: string): unknown {
  const fence = /```json\r?\n([\s\S]*?)\r?\n```/g;
  fence.lastIndex = marker(name);
  const match = fence.exec(doc);
  if (!match) throw new Error(`no \`\`\`json block follows the "${name}" marker`);
  return JSON.parse(match[1]);
}

type SchemaNode = {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
};

/** Every place a name can appear in a settings document, e.g. `registry[].defectScope.field.referenceName`. */
function schemaPaths(node: SchemaNode, prefix = ""): string[] {
  const paths: string[] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    paths.push(path, ...schemaPaths(child, path));
  }
  if (node.items) paths.push(...schemaPaths(node.items, `${prefix}[]`));
  return paths;
}

/** The same paths, as a document actually uses them (map-like objects such as severityMap are not descended). */
function documentPaths(value: unknown, schema: SchemaNode, prefix = ""): Set<string> {
  const found = new Set<string>();
  if (Array.isArray(value) && schema.items) {
    for (const item of value) for (const p of documentPaths(item, schema.items, `${prefix}[]`)) found.add(p);
  } else if (value !== null && typeof value === "object" && schema.properties) {
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      const path = prefix ? `${prefix}.${name}` : name;
      found.add(path);
      const childSchema = schema.properties[name];
      if (childSchema) for (const p of documentPaths(child, childSchema, path)) found.add(p);
    }
  }
  return found;
}

const schema = SETTINGS_SCHEMA as unknown as SchemaNode;

describe("docs/settings.md", () => {
  const example = jsonBlockAfter("complete-example");

  it("has a complete example that validateSettings accepts", () => {
    const result = validateSettings(example);
    expect(result.valid ? [] : formatSettingsErrors(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("uses every setting in the complete example", () => {
    const used = documentPaths(example, schema);
    // An assurer's `team` is set by the product on assurers it read from a team, and never saved: no document has it.
    const derived = new Set(["assurers[].team"]);
    const unused = schemaPaths(schema).filter((p) => !used.has(p) && !derived.has(p));
    expect(unused).toEqual([]);
  });

  it("names every setting", () => {
    const names = new Set(schemaPaths(schema).map((p) => p.split(".").pop()!.replace("[]", "")));
    const missing = [...names].filter((name) => !doc.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it("shows the defects defaults exactly as defaultSettings() returns them", () => {
    expect(jsonBlockAfter("default-defects")).toEqual(defaultSettings().defects);
  });

  it("lists the default windows and roles as defaultSettings() has them", () => {
    const lines = new Set(doc.split(/\r?\n/).map((l) => l.replace(/\s+/g, " ").trim()));
    const settings = defaultSettings();
    for (const w of settings.windows) {
      const row =
        `| \`${w.id}\` | ${w.name} | ${w.environmentPreparation.start} – ${w.environmentPreparation.end} | ` +
        `${w.execution.start} – ${w.execution.end} |`;
      expect(lines).toContain(row);
    }
    for (const r of settings.roles) {
      expect(r.approvers).toEqual(r.governingBodies); // the page says so
      expect(lines).toContain(
        `| \`${r.code}\` | ${r.name} | ${r.abbreviation} | ${r.governingBodies.join(", ")} | ${r.milestone?.id} (${r.milestone?.date}) |`,
      );
    }
  });

  it("reads every severity example the way the engine does", () => {
    const start = marker("severity-examples:start");
    const end = marker("severity-examples:end");
    const rows = doc
      .slice(start, end)
      .split(/\r?\n/)
      .filter((l) => l.startsWith("|"))
      .slice(2) // header and separator
      .map((l) =>
        l
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows.length).toBeGreaterThanOrEqual(10);

    const { severityMap, inferSeverityFromNumber } = defaultSettings().defects;
    const classify = compileSeverityMapping({ map: severityMap, inferFromNumber: inferSeverityFromNumber });
    for (const [valueCell, readAs, because] of rows) {
      const value = valueCell === "(empty)" ? "" : /^`(.*)`$/.exec(valueCell)![1];
      const expected = readAs === "unclassified" ? "unclassified" : Number(readAs);
      const via = because.startsWith("map") ? "map" : because.startsWith("inference") ? "number" : "none";
      expect({ value, ...classify(value) }).toEqual({ value, severity: expected, via });
    }
  });
});
