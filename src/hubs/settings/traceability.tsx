/**
 * The settings hub's Traceability section: where each participant-role's requirements come from for its
 * Requirements to Test Traceability Matrix (RTTM, MHHS-DEL1050) — the requirement work item types, and the scope
 * (areas, tags, a field) of the requirements each role or participant-role is expected to trace.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Checkbox } from "azure-devops-ui/Checkbox";
import { DefectScope, Settings, registryKey } from "../../core/settings";
import { typeKey } from "./live";
import { SectionProps } from "./sections";
import { ErrorText, Select, Text, errorsAt } from "./widgets";

const joinList = (v: readonly string[] | undefined) => (v ?? []).join("; ");
const splitList = (v: string) =>
  v
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** The types a process usually calls requirements, the first the organisation has being the default. */
const USUAL_TYPES = ["Requirement", "User Story", "Product Backlog Item", "Feature"];

type ListKey = "areaPaths" | "tags";

export function TraceabilitySection(props: SectionProps): JSX.Element {
  const { settings, update, errors, live } = props;
  const t = settings.traceability;
  const [newType, setNewType] = React.useState("");
  const [newKey, setNewKey] = React.useState("");
  const typeNames = live?.types.status === "ok" ? live.types.value : undefined;

  const enable = (on: boolean) =>
    update((s) => {
      if (!on) delete s.traceability;
      else {
        const known = USUAL_TYPES.find((u) => (typeNames ?? USUAL_TYPES).some((n) => typeKey(n) === typeKey(u)));
        s.traceability = { requirementTypes: [known ?? "Requirement"], useDefectScope: false };
      }
    });

  return (
    <div className="sh-section">
      <h2 className="sh-h2">Requirement traceability (RTTM)</h2>
      <p className="sh-help">
        The Traceability tab, <code>qt-assure trace</code> and the report&apos;s RTTM section trace each requirement to
        the test cases it is Tested By (or holds in a requirement-based suite), their latest results and open defects.
        Without the settings below, a participant-role&apos;s requirements are those its test cases and
        requirement-based suites link to, so a requirement with no test at all cannot be flagged.
      </p>
      <Checkbox
        label="Say which work items are requirements, and which requirements each participant-role must trace"
        checked={t !== undefined}
        onChange={(_, checked) => enable(checked)}
      />
      {t && <Configured {...props} t={t} typeNames={typeNames} />}
      {t && (
        <div className="sh-row">
          {typeNames ? (
            <Select
              label="Add a requirement type"
              value={newType}
              options={[
                { value: "", text: "Choose a type…" },
                ...typeNames
                  .filter((n) => !t.requirementTypes.some((x) => typeKey(x) === typeKey(n)))
                  .map((n) => ({ value: n, text: n })),
              ]}
              onChange={setNewType}
            />
          ) : (
            <Text label="Add a requirement type (name)" value={newType} onChange={setNewType} />
          )}
          <Button
            text="Add type"
            disabled={newType.trim() === ""}
            onClick={() => {
              update((s) => void s.traceability?.requirementTypes.push(newType.trim()));
              setNewType("");
            }}
          />
        </div>
      )}
      {t && (
        <Checkbox
          label="A participant-role with no scope below: select its requirements by its defect scope (areas, tags, field)"
          checked={t.useDefectScope === true}
          onChange={(_, checked) =>
            update((s) => {
              if (s.traceability) s.traceability.useDefectScope = checked;
            })
          }
        />
      )}
      {t && (
        <ScopeTable
          {...props}
          scopes={t.scopes ?? {}}
          newKey={newKey}
          setNewKey={setNewKey}
          onAdd={() => {
            update((s) => {
              if (!s.traceability) return;
              // Empty until filled in: the settings say what is missing until it is.
              s.traceability.scopes = { ...(s.traceability.scopes ?? {}), [newKey]: {} };
            });
            setNewKey("");
          }}
        />
      )}
      <ErrorText errors={errors.filter((e) => e.path === "$.traceability")} />
    </div>
  );
}

function Configured(
  props: SectionProps & { t: NonNullable<Settings["traceability"]>; typeNames: string[] | undefined },
): JSX.Element {
  const { t, update, errors } = props;
  return (
    <>
      <h3 className="sh-h3">Requirement work item types</h3>
      <ul className="sh-chips" aria-label="Requirement work item types">
        {t.requirementTypes.map((type, i) => (
          <li key={`${type}-${i}`}>
            <span>{type}</span>
            <Button
              subtle
              iconProps={{ iconName: "Cancel" }}
              ariaLabel={`Remove the requirement type ${type}`}
              onClick={() => update((s) => void s.traceability?.requirementTypes.splice(i, 1))}
            />
            <ErrorText errors={errorsAt(errors, `$.traceability.requirementTypes[${i}]`)} />
          </li>
        ))}
      </ul>
      <ErrorText errors={errors.filter((e) => e.path === "$.traceability.requirementTypes")} />
    </>
  );
}

function ScopeTable(
  props: SectionProps & {
    scopes: Record<string, DefectScope>;
    newKey: string;
    setNewKey: (v: string) => void;
    onAdd: () => void;
  },
): JSX.Element {
  const { settings, update, errors, scopes } = props;
  const keys = Object.keys(scopes);
  const candidates = [
    ...settings.roles.map((r) => ({ value: r.code, text: `Role ${r.code} (${r.name})` })),
    ...settings.registry.map((e) => ({ value: registryKey(e), text: `${registryKey(e)} ${e.participantName}` })),
  ].filter((c) => !keys.includes(c.value));
  const setList = (key: string, list: ListKey, value: string) =>
    update((s) => {
      const scope = s.traceability?.scopes?.[key];
      if (!scope) return;
      const items = splitList(value);
      if (items.length === 0) delete scope[list];
      else scope[list] = items;
    });
  const setField = (key: string, part: "referenceName" | "value", value: string) =>
    update((s) => {
      const scope = s.traceability?.scopes?.[key];
      if (!scope) return;
      const field = { referenceName: scope.field?.referenceName ?? "", value: scope.field?.value ?? "", [part]: value };
      if (field.referenceName.trim() === "" && field.value.trim() === "") delete scope.field;
      else scope.field = field;
    });
  const remove = (key: string) =>
    update((s) => {
      if (!s.traceability?.scopes) return;
      delete s.traceability.scopes[key];
      if (Object.keys(s.traceability.scopes).length === 0) delete s.traceability.scopes;
    });
  return (
    <>
      <h3 className="sh-h3">Requirement scopes</h3>
      <p className="sh-help">
        The requirements a role (by its code) or one participant-role (ABCD-X, which wins over its role) must trace:
        every kind given must hold — under an area path, carrying a tag, a field with a value.
      </p>
      {keys.length > 0 && (
        <table className="sh-table" aria-label="Requirement scopes">
          <thead>
            <tr>
              <th scope="col">For</th>
              <th scope="col">Area paths (; separated)</th>
              <th scope="col">Tags (; separated)</th>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="qt-visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => {
              const scope = scopes[key];
              const at = `$.traceability.scopes[${JSON.stringify(key)}]`;
              return (
                <tr key={key} data-testid="requirement-scope">
                  <th scope="row">
                    {key}
                    <ErrorText errors={errors.filter((e) => e.path === at)} />
                  </th>
                  <td>
                    <Text
                      label={`Area paths for ${key}`}
                      hideLabel
                      value={joinList(scope.areaPaths)}
                      onChange={(v) => setList(key, "areaPaths", v)}
                      errors={errorsAt(errors, `${at}.areaPaths`)}
                    />
                  </td>
                  <td>
                    <Text
                      label={`Tags for ${key}`}
                      hideLabel
                      value={joinList(scope.tags)}
                      onChange={(v) => setList(key, "tags", v)}
                      errors={errorsAt(errors, `${at}.tags`)}
                    />
                  </td>
                  <td>
                    <Text
                      label={`Field reference name for ${key}`}
                      hideLabel
                      placeholder="e.g. Custom.Role"
                      value={scope.field?.referenceName ?? ""}
                      onChange={(v) => setField(key, "referenceName", v)}
                      errors={errorsAt(errors, `${at}.field`)}
                    />
                  </td>
                  <td>
                    <Text
                      label={`Field value for ${key}`}
                      hideLabel
                      value={scope.field?.value ?? ""}
                      onChange={(v) => setField(key, "value", v)}
                    />
                  </td>
                  <td>
                    <Button
                      subtle
                      iconProps={{ iconName: "Cancel" }}
                      ariaLabel={`Remove the requirement scope of ${key}`}
                      onClick={() => remove(key)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="sh-row">
        <Select
          label="Add a scope for"
          value={props.newKey}
          options={[{ value: "", text: "Choose a role or participant-role…" }, ...candidates]}
          onChange={props.setNewKey}
        />
        <Button text="Add scope" disabled={props.newKey === ""} onClick={props.onAdd} />
      </div>
    </>
  );
}
