/** The defect, window, role and assurer sections of the settings hub. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Checkbox } from "azure-devops-ui/Checkbox";
import { Assurer, Settings } from "../../core/settings";
import { SEVERITY_DEFINITIONS, SEVERITY_LEVELS, SeverityLevel, canonicalSeverityText } from "../../core/severity";
import { SettingsError } from "../../core/validate-settings";
import { FieldRef } from "./catalog";
import { LiveMetadata, typeKey } from "./live";
import { readSeverityValues } from "./live-check";
import { ErrorText, Option, Pill, Select, Text, errorsAt } from "./widgets";

export interface SectionProps {
  settings: Settings;
  update: (change: (draft: Settings) => void) => void;
  errors: readonly SettingsError[];
  warnings: readonly SettingsError[];
  live?: LiveMetadata;
}

const LEVEL_OPTIONS: Option[] = [
  { value: "", text: "Unmapped (counts as Sev1)" },
  ...SEVERITY_LEVELS.map((l) => ({ value: String(l), text: SEVERITY_DEFINITIONS[l].label })),
];

/** Fields every defect type has (so one choice fits them all). */
function commonFields(settings: Settings, live?: LiveMetadata): FieldRef[] | undefined {
  if (!live) return undefined;
  let out: FieldRef[] | undefined;
  for (const t of settings.defects.workItemTypes) {
    const f = live.byType[typeKey(t)]?.fields;
    if (f?.status !== "ok") continue;
    out = out ? out.filter((x) => f.value.some((y) => y.referenceName === x.referenceName)) : f.value;
  }
  return out?.slice().sort((a, b) => a.name.localeCompare(b.name));
}

function FieldPicker(
  props: SectionProps & {
    name: "severityField" | "impactField" | "mitigationField" | "resolutionDateField";
    label: string;
    /** An optional field: empty means not read, and the picker offers "none". */
    optional?: boolean;
  },
) {
  const fields = commonFields(props.settings, props.live);
  const path = `$.defects.${props.name}`;
  const value = props.settings.defects[props.name] ?? "";
  const set = (v: string) =>
    props.update((d) => {
      if (props.optional && v.trim() === "") delete d.defects[props.name];
      else d.defects[props.name] = v;
    });
  if (!fields) {
    return (
      <Text
        label={`${props.label} (reference name)`}
        value={value}
        onChange={set}
        errors={errorsAt(props.errors, path)}
      />
    );
  }
  return (
    <Select
      label={props.label}
      value={value}
      testId={props.name}
      options={[
        ...(props.optional ? [{ value: "", text: "None (not read)" }] : []),
        ...fields.map((f) => ({ value: f.referenceName, text: `${f.name} (${f.referenceName})` })),
      ]}
      onChange={set}
      errors={errorsAt(props.errors, path)}
    />
  );
}

export function DefectsSection(props: SectionProps): JSX.Element {
  const { settings, update, errors, live } = props;
  const d = settings.defects;
  const [newType, setNewType] = React.useState("");
  const [newValue, setNewValue] = React.useState("");
  const typeNames = live?.types.status === "ok" ? live.types.value : undefined;
  const available = (typeNames ?? []).filter((t) => !d.workItemTypes.some((x) => typeKey(x) === typeKey(t)));
  const readings = live ? readSeverityValues(settings, live) : [];
  const allowed = new Set(readings.map((r) => canonicalSeverityText(r.value)));
  const mapOnly = Object.keys(d.severityMap).filter((k) => !allowed.has(canonicalSeverityText(k)));
  const unmapped = readings.filter((r) => r.via === "none");
  const setLevel = (value: string, level: string) =>
    update((s) => {
      const key = Object.keys(s.defects.severityMap).find(
        (k) => canonicalSeverityText(k) === canonicalSeverityText(value),
      );
      if (key !== undefined) delete s.defects.severityMap[key];
      if (level !== "") s.defects.severityMap[key ?? value] = Number(level) as SeverityLevel;
    });
  const levelOf = (value: string) => {
    const key = Object.keys(d.severityMap).find((k) => canonicalSeverityText(k) === canonicalSeverityText(value));
    return key === undefined ? "" : String(d.severityMap[key]);
  };

  return (
    <div className="sh-section">
      <h2 className="sh-h2">Defect work item types</h2>
      <p className="sh-help">The work item types whose items count as defects.</p>
      <ul className="sh-chips" aria-label="Defect work item types">
        {d.workItemTypes.map((t, i) => (
          <li key={`${t}-${i}`}>
            <span>{t}</span>
            <Button
              subtle
              iconProps={{ iconName: "Cancel" }}
              ariaLabel={`Remove the work item type ${t}`}
              onClick={() => update((s) => void s.defects.workItemTypes.splice(i, 1))}
            />
            <ErrorText errors={errorsAt(errors, `$.defects.workItemTypes[${i}]`)} />
          </li>
        ))}
      </ul>
      <ErrorText errors={errors.filter((e) => e.path === "$.defects.workItemTypes")} />
      <div className="sh-row">
        {typeNames ? (
          <Select
            label="Add a work item type"
            value={newType}
            options={[{ value: "", text: "Choose a type…" }, ...available.map((t) => ({ value: t, text: t }))]}
            onChange={setNewType}
          />
        ) : (
          <Text label="Add a work item type (name)" value={newType} onChange={setNewType} />
        )}
        <Button
          text="Add type"
          disabled={newType.trim() === ""}
          onClick={() => {
            update((s) => void s.defects.workItemTypes.push(newType.trim()));
            setNewType("");
          }}
        />
      </div>

      <h2 className="sh-h2">Severity</h2>
      <FieldPicker {...props} name="severityField" label="Severity field" />
      <Checkbox
        label="Also read numbered values (1, Sev 1, S1, 1 - Critical) as their number"
        checked={d.inferSeverityFromNumber}
        onChange={(_, checked) => update((s) => void (s.defects.inferSeverityFromNumber = checked))}
      />
      {unmapped.length > 0 && (
        <p className="sh-warning" role="status">
          {unmapped.length} allowed value(s) of {d.severityField} are not mapped; defects with them count as Sev1 until
          they are mapped.
        </p>
      )}
      {live && readings.length === 0 && (
        <p className="sh-help">No allowed values were read for {d.severityField} (a free-text field, or unreadable).</p>
      )}
      <table className="sh-table" aria-label="Severity value map">
        <thead>
          <tr>
            <th scope="col">Value</th>
            <th scope="col">Level</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {readings.map((r) => (
            <tr key={`allowed-${r.value}`} data-testid="severity-row">
              <th scope="row">{r.value}</th>
              <td>
                <Select
                  label={`Level for ${r.value}`}
                  hideLabel
                  value={levelOf(r.value)}
                  options={LEVEL_OPTIONS}
                  onChange={(v) => setLevel(r.value, v)}
                />
              </td>
              <td>
                {r.via === "map" && <Pill tone="good">Mapped</Pill>}
                {r.via === "number" && <Pill tone="info">Read from its number: Sev{r.level}</Pill>}
                {r.via === "none" && <Pill tone="bad">Unmapped: counts as Sev1</Pill>}
              </td>
            </tr>
          ))}
          {mapOnly.map((k) => (
            <tr key={`map-${k}`} data-testid="severity-row">
              <th scope="row">{k}</th>
              <td>
                <Select
                  label={`Level for ${k}`}
                  hideLabel
                  value={levelOf(k)}
                  options={LEVEL_OPTIONS}
                  onChange={(v) => setLevel(k, v)}
                />
                <ErrorText errors={errorsAt(errors, `$.defects.severityMap[${JSON.stringify(k)}]`)} />
              </td>
              <td>
                {live && readings.length > 0 ? (
                  <Pill tone="warn">Not an allowed value</Pill>
                ) : (
                  <Pill tone="good">Mapped</Pill>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sh-row">
        <Text label="Map another value" value={newValue} onChange={setNewValue} placeholder="e.g. Sev1 - Critical" />
        <Button
          text="Add mapping"
          disabled={newValue.trim() === ""}
          onClick={() => {
            setLevel(newValue.trim(), "1");
            setNewValue("");
          }}
        />
      </div>

      <h2 className="sh-h2">Outstanding states</h2>
      <p className="sh-help">
        A defect is outstanding unless its state is in the Completed or Removed category. Override a state here when the
        category says otherwise.
      </p>
      <StateOverrides {...props} />

      <h2 className="sh-h2">Impact assessment and mitigation</h2>
      <FieldPicker {...props} name="impactField" label="Impact-assessment field" />
      <FieldPicker {...props} name="mitigationField" label="Mitigation field" />
      <FieldPicker
        {...props}
        name="resolutionDateField"
        label="Resolution target date field (optional: the report lists it for outstanding Sev3/Sev4)"
        optional={true}
      />
    </div>
  );
}

function StateOverrides(props: SectionProps): JSX.Element {
  const { settings, update, errors, live } = props;
  const overrides = settings.defects.stateOverrides;
  const rows = settings.defects.workItemTypes.flatMap((type) => {
    const states = live?.byType[typeKey(type)]?.states;
    return states?.status === "ok" ? states.value.map((s) => ({ type, ...s })) : [];
  });
  const findIndex = (type: string, state: string) =>
    overrides.findIndex(
      (o) =>
        (o.workItemType ?? "").toLowerCase() === type.toLowerCase() && o.state.toLowerCase() === state.toLowerCase(),
    );
  const set = (type: string, state: string, value: string) =>
    update((s) => {
      const list = s.defects.stateOverrides;
      const i = list.findIndex(
        (o) =>
          (o.workItemType ?? "").toLowerCase() === type.toLowerCase() && o.state.toLowerCase() === state.toLowerCase(),
      );
      if (i >= 0) list.splice(i, 1);
      if (value !== "") list.push({ workItemType: type, state, outstanding: value === "yes" });
    });
  const shown = new Set(rows.map((r) => findIndex(r.type, r.name)).filter((i) => i >= 0));
  const orphans = overrides.map((o, i) => ({ o, i })).filter(({ i }) => !shown.has(i));
  const closed = (c: string) => /^(completed|removed)$/i.test(c);
  return (
    <>
      <table className="sh-table" aria-label="State overrides">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">State</th>
            <th scope="col">Category</th>
            <th scope="col">Outstanding?</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const i = findIndex(r.type, r.name);
            const value = i < 0 ? "" : overrides[i].outstanding ? "yes" : "no";
            return (
              <tr key={`${r.type}|${r.name}`}>
                <td>{r.type}</td>
                <th scope="row">{r.name}</th>
                <td>{r.category}</td>
                <td>
                  <Select
                    label={`Outstanding for ${r.type} in ${r.name}`}
                    hideLabel
                    value={value}
                    options={[
                      { value: "", text: `By category (${closed(r.category) ? "not outstanding" : "outstanding"})` },
                      { value: "yes", text: "Always outstanding" },
                      { value: "no", text: "Never outstanding" },
                    ]}
                    onChange={(v) => set(r.type, r.name, v)}
                  />
                  {i >= 0 && <ErrorText errors={errorsAt(errors, `$.defects.stateOverrides[${i}]`)} />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {orphans.length > 0 && (
        <ul className="sh-list" aria-label="Overrides of states not found">
          {orphans.map(({ o, i }) => (
            <li key={i}>
              {o.workItemType ?? "Any type"} / {o.state}: {o.outstanding ? "always" : "never"} outstanding
              <Button
                subtle
                text="Remove"
                ariaLabel={`Remove the override of ${o.state}`}
                onClick={() => update((s) => void s.defects.stateOverrides.splice(i, 1))}
              />
              <ErrorText errors={errorsAt(errors, `$.defects.stateOverrides[${i}]`)} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function WindowsSection({ settings, update, errors }: SectionProps): JSX.Element {
  return (
    <div className="sh-section">
      <h2 className="sh-h2">Windows</h2>
      <p className="sh-help">QT windows (tranches): environment preparation, then execution. Dates as YYYY-MM-DD.</p>
      {settings.windows.map((w, i) => {
        const at = `$.windows[${i}]`;
        const set = (change: (win: Settings["windows"][number]) => void) => update((s) => change(s.windows[i]));
        return (
          <fieldset key={i} className="sh-card" data-testid="window-card">
            <legend>{w.name || w.id || `Window ${i + 1}`}</legend>
            <div className="sh-grid">
              <Text
                label="Id"
                value={w.id}
                onChange={(v) => set((x) => void (x.id = v))}
                errors={errorsAt(errors, `${at}.id`)}
              />
              <Text
                label="Name"
                value={w.name}
                onChange={(v) => set((x) => void (x.name = v))}
                errors={errorsAt(errors, `${at}.name`)}
              />
              <Text
                label="Preparation starts"
                value={w.environmentPreparation.start}
                onChange={(v) => set((x) => void (x.environmentPreparation.start = v))}
                errors={errorsAt(errors, `${at}.environmentPreparation.start`)}
              />
              <Text
                label="Preparation ends"
                value={w.environmentPreparation.end}
                onChange={(v) => set((x) => void (x.environmentPreparation.end = v))}
                errors={errorsAt(errors, `${at}.environmentPreparation.end`)}
              />
              <Text
                label="Execution starts"
                value={w.execution.start}
                onChange={(v) => set((x) => void (x.execution.start = v))}
                errors={errorsAt(errors, `${at}.execution.start`)}
              />
              <Text
                label="Execution ends"
                value={w.execution.end}
                onChange={(v) => set((x) => void (x.execution.end = v))}
                errors={errorsAt(errors, `${at}.execution.end`)}
              />
            </div>
            <ErrorText errors={errors.filter((e) => e.path === at)} />
            <Button
              text="Remove window"
              ariaLabel={`Remove window ${w.id}`}
              onClick={() => update((s) => void s.windows.splice(i, 1))}
            />
          </fieldset>
        );
      })}
      <Button
        text="Add window"
        iconProps={{ iconName: "Add" }}
        onClick={() =>
          update(
            (s) =>
              void s.windows.push({
                id: `window-${s.windows.length + 1}`,
                name: "",
                environmentPreparation: { start: "", end: "" },
                execution: { start: "", end: "" },
              }),
          )
        }
      />
    </div>
  );
}

const splitList = (v: string) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

export function RolesSection({ settings, update, errors }: SectionProps): JSX.Element {
  return (
    <div className="sh-section">
      <h2 className="sh-h2">Roles and approvers</h2>
      <p className="sh-help">
        Each market role, the bodies whose rules govern it, every body whose sign-off its qualification needs
        (comma-separated, e.g. BSC, REC) and the programme milestone it must be qualified by (QA&amp;P §7.1).
      </p>
      <fieldset className="sh-card" aria-describedby="sh-bodies-agree-help">
        <legend>Where several bodies govern a role, an approval needs</legend>
        {(["all", "any"] as const).map((mode) => (
          <label key={mode} className="sh-radio">
            <input
              type="radio"
              name="bodiesMustAgree"
              value={mode}
              checked={(settings.bodiesMustAgree ?? "all") === mode}
              onChange={() =>
                update((s) => {
                  if (mode === "all") delete s.bodiesMustAgree;
                  else s.bodiesMustAgree = mode;
                })
              }
            />{" "}
            {mode === "all"
              ? "every governing body's own approval (QA&P §15; the default)"
              : "any one governing body's approval"}
          </label>
        ))}
        <p className="sh-help" id="sh-bodies-agree-help">
          Applies to waivers, descopes, mitigation agreements and sign-offs.
        </p>
      </fieldset>
      {settings.roles.map((r, i) => {
        const at = `$.roles[${i}]`;
        const set = (change: (role: Settings["roles"][number]) => void) => update((s) => change(s.roles[i]));
        return (
          <fieldset key={i} className="sh-card">
            <legend>
              {r.code} {r.name}
            </legend>
            <div className="sh-grid">
              <Text
                label="Code"
                value={r.code}
                onChange={(v) => set((x) => void (x.code = v.toUpperCase()))}
                errors={errorsAt(errors, `${at}.code`)}
              />
              <Text
                label="Name"
                value={r.name}
                onChange={(v) => set((x) => void (x.name = v))}
                errors={errorsAt(errors, `${at}.name`)}
              />
              <Text
                label="Abbreviation"
                value={r.abbreviation}
                onChange={(v) => set((x) => void (x.abbreviation = v))}
                errors={errorsAt(errors, `${at}.abbreviation`)}
              />
              <Text
                label="Governing bodies"
                value={r.governingBodies.join(", ")}
                onChange={(v) => set((x) => void (x.governingBodies = splitList(v)))}
                errors={errorsAt(errors, `${at}.governingBodies`)}
              />
              <Text
                label="Approvers"
                value={r.approvers.join(", ")}
                onChange={(v) => set((x) => void (x.approvers = splitList(v)))}
                errors={errorsAt(errors, `${at}.approvers`)}
              />
              {(["id", "name", "date"] as const).map((part) => (
                <Text
                  key={part}
                  label={
                    part === "id" ? "Milestone" : part === "name" ? "Milestone name" : "Milestone date (YYYY-MM-DD)"
                  }
                  value={r.milestone?.[part] ?? ""}
                  onChange={(v) =>
                    set((x) => {
                      const m = { id: "", name: "", date: "", ...x.milestone, [part]: v.trim() };
                      // All three empty: the role has no milestone; partly filled, validation names what is missing.
                      if (m.id === "" && m.name === "" && m.date === "") delete x.milestone;
                      else x.milestone = m;
                    })
                  }
                  errors={errorsAt(errors, `${at}.milestone`)}
                />
              ))}
            </div>
            <Button
              text="Remove role"
              ariaLabel={`Remove role ${r.code}`}
              onClick={() => update((s) => void s.roles.splice(i, 1))}
            />
          </fieldset>
        );
      })}
      <Button
        text="Add role"
        iconProps={{ iconName: "Add" }}
        onClick={() =>
          update((s) => void s.roles.push({ code: "", name: "", abbreviation: "", governingBodies: [], approvers: [] }))
        }
      />
    </div>
  );
}

export function AssurersSection({
  settings,
  update,
  errors,
  teamAssurers = [],
}: SectionProps & { teamAssurers?: readonly Assurer[] }): JSX.Element {
  const bodies = [...new Set(settings.roles.flatMap((r) => [...r.governingBodies, ...r.approvers]))];
  const teams = settings.assurerTeams ?? [];
  return (
    <div className="sh-section">
      <h2 className="sh-h2">Assurers</h2>
      <p className="sh-help">
        Code Body assurers see the approval actions for their body, and only their approvals count. Prefer a team per
        body: who is in it is read from Azure DevOps, and only the project&apos;s and the team&apos;s administrators may
        change it. People named here are only as safe as the place the settings are kept (see docs/security.md).
      </p>
      <h3 className="sh-h3">Teams</h3>
      {teams.map((t, i) => {
        const at = `$.assurerTeams[${i}]`;
        const members = teamAssurers.filter((a) => a.team === t.team && a.body === t.body);
        return (
          <fieldset key={`team-${i}`} className="sh-card">
            <legend>{t.team || `Team ${i + 1}`}</legend>
            <div className="sh-grid">
              <Text
                label="Team in the project"
                value={t.team}
                onChange={(v) => update((s) => void (s.assurerTeams![i].team = v))}
                errors={errorsAt(errors, `${at}.team`)}
              />
              <Select
                label="Governing body"
                value={t.body}
                options={bodies.map((b) => ({ value: b, text: b }))}
                onChange={(v) => update((s) => void (s.assurerTeams![i].body = v))}
                errors={errorsAt(errors, `${at}.body`)}
              />
            </div>
            <p className="sh-help" data-testid="team-members">
              {members.length > 0
                ? `Members, as Azure DevOps lists them: ${members.map((m) => m.displayName ?? m.user).join(", ")}.`
                : "Members are read from Azure DevOps once the settings are saved."}
            </p>
            <Button
              text="Remove team"
              ariaLabel={`Remove assurer team ${t.team}`}
              onClick={() =>
                update((s) => {
                  s.assurerTeams!.splice(i, 1);
                  if (s.assurerTeams!.length === 0) delete s.assurerTeams;
                })
              }
            />
          </fieldset>
        );
      })}
      <Button
        text="Add team"
        iconProps={{ iconName: "Add" }}
        onClick={() => update((s) => void (s.assurerTeams ??= []).push({ team: "", body: bodies[0] ?? "" }))}
      />
      <h3 className="sh-h3">People</h3>
      {settings.assurers.map((a, i) => {
        const at = `$.assurers[${i}]`;
        const set = (change: (x: Settings["assurers"][number]) => void) => update((s) => change(s.assurers[i]));
        return (
          <fieldset key={i} className="sh-card">
            <legend>{a.displayName || a.user || `Assurer ${i + 1}`}</legend>
            <div className="sh-grid">
              <Text
                label="Identity (sign-in name or id)"
                value={a.user}
                onChange={(v) => set((x) => void (x.user = v))}
                errors={errorsAt(errors, `${at}.user`)}
              />
              <Text
                label="Display name"
                value={a.displayName ?? ""}
                onChange={(v) =>
                  set((x) => {
                    if (v === "") delete x.displayName;
                    else x.displayName = v;
                  })
                }
                errors={errorsAt(errors, `${at}.displayName`)}
              />
              <Select
                label="Governing body"
                value={a.body}
                options={bodies.map((b) => ({ value: b, text: b }))}
                onChange={(v) => set((x) => void (x.body = v))}
                errors={errorsAt(errors, `${at}.body`)}
              />
            </div>
            <Button
              text="Remove assurer"
              ariaLabel={`Remove assurer ${a.user}`}
              onClick={() => update((s) => void s.assurers.splice(i, 1))}
            />
          </fieldset>
        );
      })}
      <Button
        text="Add assurer"
        iconProps={{ iconName: "Add" }}
        onClick={() => update((s) => void s.assurers.push({ user: "", body: bodies[0] ?? "" }))}
      />
    </div>
  );
}
