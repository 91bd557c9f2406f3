/**
 * Settings checked against the live metadata (after validateSettings' own checks): the defect types exist, the
 * fields exist on them, the overridden states exist, and the plans and areas the registry names exist. Errors
 * block saving; warnings (a part that could not be read, a severity value the map does not know) do not. Pure.
 */
import { Settings, registryKey } from "../../core/settings";
import { SeverityLevel, compileSeverityMapping } from "../../core/severity";
import { SettingsError } from "../../core/validate-settings";
import { LiveMetadata, typeKey } from "./live";

export interface LiveCheck {
  errors: SettingsError[];
  warnings: SettingsError[];
}

export interface SeverityValueReading {
  value: string;
  /** The level it gets; undefined when unmapped (the engine counts it as Sev1 until it is mapped). */
  level?: SeverityLevel;
  via: "map" | "number" | "none";
  types: string[];
}

/** The severity field's allowed values across the defect types, each with the level the settings give it. */
export function readSeverityValues(settings: Settings, live: LiveMetadata): SeverityValueReading[] {
  const classify = compileSeverityMapping({
    map: settings.defects.severityMap,
    inferFromNumber: settings.defects.inferSeverityFromNumber,
  });
  const byValue = new Map<string, SeverityValueReading>();
  for (const type of settings.defects.workItemTypes) {
    const values = live.severityValues[typeKey(type)];
    if (values?.status !== "ok") continue;
    for (const value of values.value) {
      const existing = byValue.get(value);
      if (existing) {
        existing.types.push(type);
        continue;
      }
      const c = classify(value);
      byValue.set(value, {
        value,
        level: c.severity === "unclassified" ? undefined : c.severity,
        via: c.via,
        types: [type],
      });
    }
  }
  return [...byValue.values()];
}

export function checkAgainstLive(settings: Settings, live: LiveMetadata): LiveCheck {
  const errors: SettingsError[] = [];
  const warnings: SettingsError[] = [];
  const d = settings.defects;

  const typeNames = live.types.status === "ok" ? live.types.value : undefined;
  if (live.types.status === "failed") {
    warnings.push({
      path: "$.defects.workItemTypes",
      message: `The work item types could not be read: ${live.types.message}`,
      fix: "Each type is still checked by reading its states; retry the check later.",
    });
  }
  const validTypes: string[] = [];
  d.workItemTypes.forEach((type, i) => {
    const meta = live.byType[typeKey(type)];
    const listed = typeNames?.some((t) => typeKey(t) === typeKey(type));
    const path = `$.defects.workItemTypes[${i}]`;
    if (typeNames && !listed) {
      errors.push({
        path,
        message: `The work item type "${type}" does not exist in this project.`,
        fix: `Use one of: ${typeNames.join(", ")}.`,
      });
      return;
    }
    if (meta?.states.status === "failed") {
      warnings.push({
        path,
        message: `The states of "${type}" could not be read: ${meta.states.message}`,
        fix: "Retry the check.",
      });
    }
    validTypes.push(type);
  });

  const fieldCheck = (
    name: "severityField" | "impactField" | "mitigationField" | "resolutionDateField",
    label: string,
  ) => {
    const ref = (d[name] ?? "").trim();
    const path = `$.defects.${name}`;
    for (const type of validTypes) {
      const fields = live.byType[typeKey(type)]?.fields;
      if (!fields) continue;
      if (fields.status === "failed") {
        warnings.push({
          path,
          message: `The fields of "${type}" could not be read: ${fields.message}`,
          fix: "Retry the check.",
        });
        continue;
      }
      if (!fields.value.some((f) => f.referenceName.toLowerCase() === ref.toLowerCase())) {
        errors.push({
          path,
          message: `The ${label} "${ref}" is not a field of the work item type "${type}".`,
          fix: "Pick a field from the list (its reference name, e.g. Custom.QTSeverity).",
        });
      }
    }
  };
  fieldCheck("severityField", "severity field");
  fieldCheck("impactField", "impact-assessment field");
  fieldCheck("mitigationField", "mitigation field");
  if (d.resolutionDateField) fieldCheck("resolutionDateField", "resolution date field");

  d.stateOverrides.forEach((o, i) => {
    const path = `$.defects.stateOverrides[${i}].state`;
    const types = o.workItemType ? [o.workItemType] : validTypes;
    if (o.workItemType && !d.workItemTypes.some((t) => typeKey(t) === typeKey(o.workItemType ?? ""))) {
      errors.push({
        path: `$.defects.stateOverrides[${i}].workItemType`,
        message: `"${o.workItemType}" is not one of the defect work item types.`,
        fix: "Choose a configured defect type, or any type.",
      });
      return;
    }
    const known = types.flatMap((t) => {
      const s = live.byType[typeKey(t)]?.states;
      return s?.status === "ok" ? s.value.map((x) => x.name.toLowerCase()) : [];
    });
    const read = types.some((t) => live.byType[typeKey(t)]?.states.status === "ok");
    if (read && !known.includes(o.state.trim().toLowerCase())) {
      errors.push({
        path,
        message: `The state "${o.state}" is not a state of ${o.workItemType ? `"${o.workItemType}"` : "the defect types"}.`,
        fix: "Pick a state from the list.",
      });
    }
  });

  for (const reading of readSeverityValues(settings, live)) {
    if (reading.via === "none") {
      warnings.push({
        path: `$.defects.severityMap[${JSON.stringify(reading.value)}]`,
        message: `The allowed value "${reading.value}" of ${d.severityField} is not mapped: defects with it count as Sev1.`,
        fix: "Map it to a level under Severity.",
      });
    }
  }

  const planIds = live.plans.status === "ok" ? new Set(live.plans.value.map((p) => p.id)) : undefined;
  const areas = live.areaPaths.status === "ok" ? new Set(live.areaPaths.value.map((a) => a.toLowerCase())) : undefined;
  if (live.plans.status === "failed") {
    warnings.push({
      path: "$.registry",
      message: `The test plans could not be read: ${live.plans.message}`,
      fix: "Retry the check.",
    });
  }
  if (live.areaPaths.status === "failed") {
    warnings.push({
      path: "$.registry",
      message: `The area tree could not be read: ${live.areaPaths.message}`,
      fix: "Retry the check.",
    });
  }
  settings.registry.forEach((entry, i) => {
    const key = registryKey(entry);
    entry.testPlans.forEach((p, j) => {
      if (planIds && !planIds.has(p.planId)) {
        errors.push({
          path: `$.registry[${i}].testPlans[${j}].planId`,
          message: `${key}: the test plan ${p.planId} does not exist in this project.`,
          fix: "Use the id of an existing test plan (Test Plans › the plan's URL shows it).",
        });
      }
    });
    (entry.defectScope.areaPaths ?? []).forEach((a, j) => {
      if (areas && !areas.has(a.trim().toLowerCase())) {
        errors.push({
          path: `$.registry[${i}].defectScope.areaPaths[${j}]`,
          message: `${key}: the area path "${a}" does not exist.`,
          fix: "Use an existing area path (Project settings › Boards › Areas), written with backslashes.",
        });
      }
    });
  });
  return { errors, warnings };
}
