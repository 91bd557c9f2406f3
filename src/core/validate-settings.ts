import type { ErrorObject } from "ajv";
import { dayNumber } from "./calendar";
import { Settings, registryKey } from "./settings";
import { canonicalSeverityText } from "./severity";
import validateSchema, { schema as SETTINGS_SCHEMA } from "./settings-validator.generated";

export interface SettingsError {
  /** Where, as a JSONPath-like string: `$.registry[2].mpid`. */
  path: string;
  message: string;
  /** How to fix it. */
  fix: string;
}

export type SettingsValidation = { valid: true; settings: Settings } | { valid: false; errors: SettingsError[] };

/** Ajv's validate function, as its standalone code (compiled at build time from the schema) shapes it. */
interface SchemaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The schema's validator, compiled at build time (settings-validator.generated.ts, with every error): nothing is
 * compiled at run time, which a strict Content-Security-Policy would forbid.
 */
function schemaValidator(): SchemaValidator {
  return validateSchema as SchemaValidator;
}

function toPath(pointer: string): string {
  if (pointer === "") return "$";
  return (
    "$" +
    pointer
      .split("/")
      .slice(1)
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .map((part) =>
        /^\d+$/.test(part) ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`,
      )
      .join("")
  );
}

/** The sub-schema an error's keyword sits in (its schemaPath without the keyword), whose description is the fix. */
function parentSchemaOf(error: ErrorObject): { description?: string } {
  const parts = error.schemaPath.replace(/^#\/?/, "").split("/").slice(0, -1);
  let node: unknown = SETTINGS_SCHEMA;
  for (const raw of parts) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null) return {};
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "object" && node !== null ? (node as { description?: string }) : {};
}

function describeSchemaError(error: ErrorObject): SettingsError {
  const path = toPath(error.instancePath);
  const parent = parentSchemaOf(error);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return {
        path,
        message: `"${String(params.missingProperty)}" is missing.`,
        fix: `Add "${String(params.missingProperty)}".${parent.description ? ` ${parent.description}` : ""}`,
      };
    case "additionalProperties":
      return {
        path: `${path}.${String(params.additionalProperty)}`,
        message: `"${String(params.additionalProperty)}" is not a setting here.`,
        fix: "Remove it or correct its spelling (names are case-sensitive).",
      };
    case "enum":
      return {
        path,
        message: "This value is not allowed.",
        fix: `Use one of ${JSON.stringify(params.allowedValues)}.`,
      };
    case "const":
      return {
        path,
        message: `The value must be ${JSON.stringify(params.allowedValue)}.`,
        fix: parent.description ?? "",
      };
    default: {
      const valueSchema = error.keyword === "type" || error.keyword === "minimum" || error.keyword === "maximum";
      const fix =
        parent.description ??
        (valueSchema
          ? `Give a value that ${error.message ?? "fits the schema"}.`
          : `Make it ${error.message ?? "valid"}.`);
      return { path, message: `The value ${error.message ?? "is invalid"}.`, fix };
    }
  }
}

/** Validates a settings document: its shape (JSON Schema) and then what a schema cannot say. */
export function validateSettings(input: unknown): SettingsValidation {
  const validate = schemaValidator();
  if (!validate(input)) {
    return { valid: false, errors: (validate.errors ?? []).map(describeSchemaError) };
  }
  const settings = input as Settings;
  const errors = crossCheck(settings);
  return errors.length > 0 ? { valid: false, errors } : { valid: true, settings };
}

function crossCheck(settings: Settings): SettingsError[] {
  const errors: SettingsError[] = [];
  const add = (path: string, message: string, fix: string) => errors.push({ path, message, fix });

  const windowIds = new Set<string>();
  settings.windows.forEach((w, i) => {
    const at = `$.windows[${i}]`;
    if (windowIds.has(w.id)) add(`${at}.id`, `The window id "${w.id}" is used twice.`, "Give each window its own id.");
    windowIds.add(w.id);
    const days = [w.environmentPreparation.start, w.environmentPreparation.end, w.execution.start, w.execution.end];
    const labels = ["environmentPreparation.start", "environmentPreparation.end", "execution.start", "execution.end"];
    const numbers = days.map(dayNumber);
    numbers.forEach((n, j) => {
      if (Number.isNaN(n))
        add(`${at}.${labels[j]}`, `"${days[j]}" is not a real date.`, "Write an existing date as YYYY-MM-DD.");
    });
    for (let j = 1; j < numbers.length; j++) {
      if (numbers[j] < numbers[j - 1]) {
        add(
          `${at}.${labels[j]}`,
          `${labels[j]} (${days[j]}) is before ${labels[j - 1]} (${days[j - 1]}).`,
          "Environment preparation comes before execution, and each range starts before it ends.",
        );
      }
    }
  });

  const roleCodes = new Set<string>();
  settings.roles.forEach((r, i) => {
    if (roleCodes.has(r.code))
      add(`$.roles[${i}].code`, `The role code "${r.code}" is listed twice.`, "Keep one entry per role code.");
    roleCodes.add(r.code);
  });
  const bodies = new Set(settings.roles.flatMap((r) => [...r.governingBodies, ...r.approvers]));

  const keys = new Set<string>();
  settings.registry.forEach((entry, i) => {
    const at = `$.registry[${i}]`;
    const key = registryKey(entry);
    if (keys.has(key))
      add(
        at,
        `${key} is registered twice.`,
        "Keep one entry per participant-role; list earlier windows in previousWindows.",
      );
    keys.add(key);
    if (!roleCodes.has(entry.roleCode)) {
      add(
        `${at}.roleCode`,
        `${key}: the role code "${entry.roleCode}" is not in the role catalogue.`,
        'Add the role under "roles" or correct the code.',
      );
    }
    if (entry.route === "QT" && !entry.window) {
      add(`${at}.window`, `${key} qualifies through QT but has no window.`, "Give the id of its window.");
    }
    if (entry.window && !windowIds.has(entry.window)) {
      add(
        `${at}.window`,
        `${key}: the window "${entry.window}" is not defined.`,
        `Use one of: ${[...windowIds].join(", ") || "(no windows defined)"}.`,
      );
    }
    (entry.previousWindows ?? []).forEach((w, j) => {
      if (!windowIds.has(w))
        add(
          `${at}.previousWindows[${j}]`,
          `${key}: the window "${w}" is not defined.`,
          "Use the id of a defined window.",
        );
      if (w === entry.window)
        add(`${at}.previousWindows[${j}]`, `${key}: "${w}" is its current window.`, "List only earlier windows here.");
    });
    if (entry.route === "QT" && entry.testPlans.length === 0) {
      add(
        `${at}.testPlans`,
        `${key} qualifies through QT but names no test plan.`,
        "Add the plan(s) that hold its QT test cases.",
      );
    }
  });

  settings.assurers.forEach((a, i) => {
    if (!bodies.has(a.body)) {
      add(
        `$.assurers[${i}].body`,
        `"${a.body}" governs no role in the catalogue.`,
        `Use one of: ${[...bodies].join(", ")}.`,
      );
    }
  });
  (settings.assurerTeams ?? []).forEach((t, i) => {
    if (!bodies.has(t.body)) {
      add(
        `$.assurerTeams[${i}].body`,
        `"${t.body}" governs no role in the catalogue.`,
        `Use one of: ${[...bodies].join(", ")}.`,
      );
    }
  });

  if (settings.traceability) {
    const defectTypes = new Set(settings.defects.workItemTypes.map((t) => t.trim().toLowerCase()));
    settings.traceability.requirementTypes.forEach((t, i) => {
      if (defectTypes.has(t.trim().toLowerCase()))
        add(
          `$.traceability.requirementTypes[${i}]`,
          `"${t}" is a defect type too: its work items cannot be both defects and requirements.`,
          "Remove it here or from defects.workItemTypes.",
        );
    });
    for (const key of Object.keys(settings.traceability.scopes ?? {})) {
      const at = `$.traceability.scopes[${JSON.stringify(key)}]`;
      if (key.includes("-") && !keys.has(key))
        add(at, `${key} is not in the registry.`, "Key the scope by a registered participant-role or a role code.");
      if (!key.includes("-") && !roleCodes.has(key))
        add(at, `The role code "${key}" is not in the role catalogue.`, 'Use a code listed under "roles".');
    }
  }

  const severityKeys = new Map<string, string>();
  for (const [value, level] of Object.entries(settings.defects.severityMap)) {
    const canonical = canonicalSeverityText(value);
    const earlier = severityKeys.get(canonical);
    if (earlier !== undefined && settings.defects.severityMap[earlier] !== level) {
      add(
        `$.defects.severityMap[${JSON.stringify(value)}]`,
        `"${value}" and "${earlier}" are the same value written differently but map to different levels.`,
        "Keep one of them.",
      );
    }
    severityKeys.set(canonical, value);
  }

  const overrides = new Map<string, boolean>();
  settings.defects.stateOverrides.forEach((o, i) => {
    const k = `${(o.workItemType ?? "*").toLowerCase()}|${o.state.toLowerCase()}`;
    const earlier = overrides.get(k);
    if (earlier !== undefined && earlier !== o.outstanding) {
      add(
        `$.defects.stateOverrides[${i}]`,
        `The state "${o.state}" is overridden both ways.`,
        "Keep one override per state and type.",
      );
    }
    overrides.set(k, o.outstanding);
  });
  return errors;
}

export function formatSettingsErrors(errors: readonly SettingsError[]): string[] {
  return errors.map((e) => `${e.path}: ${e.message}${e.fix ? ` ${e.fix}` : ""}`);
}
