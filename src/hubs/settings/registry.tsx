/** The participant registry: the table, add / edit / remove, CSV import with a preview, discovery proposals. */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Discovery } from "../../ado/registry-discovery";
import { Result } from "../../core/result";
import { RegistryEntry, Route, registryKey } from "../../core/settings";
import { CSV_HELP, ImportRow, applyImport, importRegistryCsv } from "./csv";
import { SectionProps } from "./sections";
import { ErrorText, Pill, Select, Text, errorsAt } from "./widgets";
import "../../ui/visually-hidden.css";

export interface RegistryProps extends SectionProps {
  discover: () => Promise<Result<Discovery>>;
}

const joinList = (v: readonly string[] | undefined) => (v ?? []).join("; ");
const splitList = (v: string) =>
  v
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
const plansText = (e: RegistryEntry) =>
  e.testPlans.map((p) => (p.suiteIds ? `${p.planId}:${p.suiteIds.join("|")}` : String(p.planId))).join("; ");

function emptyEntry(window?: string): RegistryEntry {
  return { mpid: "", roleCode: "", participantName: "", route: "QT", window, testPlans: [], defectScope: {} };
}

export function RegistrySection(props: RegistryProps): JSX.Element {
  const { settings, update, errors } = props;
  const [editing, setEditing] = React.useState<number | undefined>(undefined);
  const [mode, setMode] = React.useState<"none" | "import" | "discover">("none");
  return (
    <div className="sh-section">
      <h2 className="sh-h2">Participant registry</h2>
      <p className="sh-help">
        {settings.registry.length} participant-role(s): who is qualifying, through which route and window, which test
        plans hold their tests and which defects are theirs.
      </p>
      <div className="sh-row">
        <Button
          text="Add participant-role"
          iconProps={{ iconName: "Add" }}
          onClick={() => {
            update((s) => void s.registry.push(emptyEntry(s.windows[0]?.id)));
            setEditing(settings.registry.length);
          }}
        />
        <Button
          text="Import CSV"
          iconProps={{ iconName: "Upload" }}
          onClick={() => setMode(mode === "import" ? "none" : "import")}
        />
        <Button
          text="Discover from areas and plans"
          iconProps={{ iconName: "Search" }}
          onClick={() => setMode(mode === "discover" ? "none" : "discover")}
        />
      </div>
      {mode === "import" && <CsvImport {...props} onDone={() => setMode("none")} />}
      {mode === "discover" && <DiscoveryView {...props} onDone={() => setMode("none")} />}
      {editing !== undefined && settings.registry[editing] && (
        <EntryEditor {...props} index={editing} onClose={() => setEditing(undefined)} />
      )}
      <table className="sh-table" aria-label="Participant registry">
        <thead>
          <tr>
            <th scope="col">Participant-role</th>
            <th scope="col">Name</th>
            <th scope="col">Route</th>
            <th scope="col">Window</th>
            <th scope="col">Test plans</th>
            <th scope="col">Defect scope</th>
            <th scope="col">Problems</th>
            <th scope="col">
              <span className="qt-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {settings.registry.map((e, i) => {
            const problems = errorsAt(errors, `$.registry[${i}]`);
            const key = registryKey(e);
            return (
              <tr key={i} data-testid="registry-row" className={editing === i ? "sh-selected" : undefined}>
                <th scope="row">{key}</th>
                <td>{e.participantName}</td>
                <td>{e.route}</td>
                <td>{e.window ?? "—"}</td>
                <td>{plansText(e) || "—"}</td>
                <td>
                  {[...(e.defectScope.areaPaths ?? []), ...(e.defectScope.tags ?? []).map((t) => `tag ${t}`)].join(
                    "; ",
                  ) || "—"}
                </td>
                <td>
                  {problems.length > 0 ? (
                    <Pill tone="bad">{problems.length} problem(s)</Pill>
                  ) : (
                    <Pill tone="good">OK</Pill>
                  )}
                </td>
                <td className="sh-actions">
                  <Button subtle text="Edit" ariaLabel={`Edit ${key}`} onClick={() => setEditing(i)} />
                  <Button
                    subtle
                    text="Remove"
                    ariaLabel={`Remove ${key}`}
                    onClick={() => {
                      setEditing(undefined);
                      update((s) => void s.registry.splice(i, 1));
                    }}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function EntryEditor(props: RegistryProps & { index: number; onClose: () => void }): JSX.Element {
  const { settings, update, errors, index } = props;
  const e = settings.registry[index];
  const at = `$.registry[${index}]`;
  const set = (change: (x: RegistryEntry) => void) => update((s) => change(s.registry[index]));
  const [plans, setPlans] = React.useState(plansText(e));
  const [planError, setPlanError] = React.useState<string | undefined>(undefined);
  const applyPlans = (v: string) => {
    setPlans(v);
    const parsed = splitList(v).map((p) => {
      const [id, suites] = p.split(":");
      return { planId: Number(id), ...(suites ? { suiteIds: suites.split("|").map(Number) } : {}) };
    });
    const bad = parsed.some(
      (p) =>
        !Number.isInteger(p.planId) || p.planId <= 0 || (p.suiteIds ?? []).some((s) => !Number.isInteger(s) || s <= 0),
    );
    setPlanError(bad ? "Write plan ids as whole numbers separated by ;, optionally id:suite|suite." : undefined);
    if (!bad) set((x) => void (x.testPlans = parsed));
  };
  const windows = settings.windows.map((w) => ({ value: w.id, text: `${w.name} (${w.id})` }));
  return (
    <section className="sh-card" aria-label={`Edit ${registryKey(e)}`}>
      <h3 className="sh-h3">Edit {registryKey(e) === "-" ? "new participant-role" : registryKey(e)}</h3>
      <div className="sh-grid">
        <Text
          label="MPID"
          value={e.mpid}
          onChange={(v) => set((x) => void (x.mpid = v.toUpperCase()))}
          errors={errorsAt(errors, `${at}.mpid`)}
        />
        <Text
          label="Role code"
          value={e.roleCode}
          onChange={(v) => set((x) => void (x.roleCode = v.toUpperCase()))}
          errors={errorsAt(errors, `${at}.roleCode`)}
        />
        <Text
          label="Participant name"
          value={e.participantName}
          onChange={(v) => set((x) => void (x.participantName = v))}
          errors={errorsAt(errors, `${at}.participantName`)}
        />
        <Select
          label="Route"
          value={e.route}
          options={[
            { value: "QT", text: "QT" },
            { value: "SIT", text: "SIT" },
          ]}
          onChange={(v) => set((x) => void (x.route = v as Route))}
          errors={errorsAt(errors, `${at}.route`)}
        />
        <Select
          label="Window"
          value={e.window ?? ""}
          options={[{ value: "", text: "(none)" }, ...windows]}
          onChange={(v) =>
            set((x) => {
              if (v === "") delete x.window;
              else x.window = v;
            })
          }
          errors={errorsAt(errors, `${at}.window`)}
        />
        <Text
          label="Earlier windows (ids, ; separated)"
          value={joinList(e.previousWindows)}
          onChange={(v) =>
            set((x) => {
              const list = splitList(v);
              if (list.length === 0) delete x.previousWindows;
              else x.previousWindows = list;
            })
          }
          errors={errorsAt(errors, `${at}.previousWindows`)}
        />
        <div>
          <Text
            label="Test plans (ids, ; separated; id:suite|suite for suites)"
            value={plans}
            onChange={applyPlans}
            errors={errorsAt(errors, `${at}.testPlans`)}
          />
          {planError && <p className="sh-field-errors">{planError}</p>}
        </div>
        <Text
          label="Defect area paths (; separated)"
          value={joinList(e.defectScope.areaPaths)}
          onChange={(v) =>
            set((x) => {
              const list = splitList(v);
              if (list.length === 0) delete x.defectScope.areaPaths;
              else x.defectScope.areaPaths = list;
            })
          }
          errors={errorsAt(errors, `${at}.defectScope.areaPaths`)}
        />
        <Text
          label="Defect tags (; separated)"
          value={joinList(e.defectScope.tags)}
          onChange={(v) =>
            set((x) => {
              const list = splitList(v);
              if (list.length === 0) delete x.defectScope.tags;
              else x.defectScope.tags = list;
            })
          }
          errors={errorsAt(errors, `${at}.defectScope.tags`)}
        />
      </div>
      <ErrorText errors={errors.filter((x) => x.path === at)} />
      <Button text="Done" primary onClick={props.onClose} />
    </section>
  );
}

function CsvImport(props: RegistryProps & { onDone: () => void }): JSX.Element {
  const [text, setText] = React.useState("");
  const [preview, setPreview] = React.useState<ImportRow[] | undefined>(undefined);
  const [error, setError] = React.useState<string | undefined>(undefined);
  const run = (csv: string) => {
    const result = importRegistryCsv(csv, props.settings.registry);
    if (result.ok) {
      setPreview(result.rows);
      setError(undefined);
    } else {
      setPreview(undefined);
      setError(result.error);
    }
  };
  const good = (preview ?? []).filter((r) => r.action !== "error");
  const bad = (preview ?? []).filter((r) => r.action === "error");
  return (
    <section className="sh-card" aria-label="Import CSV">
      <h3 className="sh-h3">Import participant-roles from CSV</h3>
      <p className="sh-help">{CSV_HELP}</p>
      <label className="sh-label" htmlFor="sh-csv-file">
        CSV file
      </label>
      <input
        id="sh-csv-file"
        type="file"
        accept=".csv,text/csv"
        onChange={(ev) => {
          const file = ev.target.files?.[0];
          if (file)
            void file.text().then((t) => {
              setText(t);
              run(t);
            });
        }}
      />
      <Text label="Or paste CSV" value={text} onChange={setText} multiline rows={6} />
      <div className="sh-row">
        <Button text="Preview" onClick={() => run(text)} disabled={text.trim() === ""} />
        <Button text="Cancel" onClick={props.onDone} />
      </div>
      {error && (
        <p className="sh-field-errors" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <>
          <p role="status">
            {good.filter((r) => r.action === "new").length} new, {good.filter((r) => r.action === "replace").length}{" "}
            replacing an entry, {bad.length} with errors (not imported).
          </p>
          <table className="sh-table" aria-label="Import preview">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Participant-role</th>
                <th scope="col">Action</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((r) => (
                <tr key={r.line} data-testid="import-row">
                  <td>{r.line}</td>
                  <th scope="row">{r.key}</th>
                  <td>
                    {r.action === "error" ? (
                      <Pill tone="bad">Error</Pill>
                    ) : r.action === "new" ? (
                      <Pill tone="good">New</Pill>
                    ) : (
                      <Pill tone="warn">Replaces</Pill>
                    )}
                  </td>
                  <td>{r.errors.join(" ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Button
            primary
            text={`Import ${good.length} row(s)`}
            disabled={good.length === 0}
            onClick={() => {
              props.update((s) => void (s.registry = applyImport(s.registry, preview)));
              props.onDone();
            }}
          />
        </>
      )}
    </section>
  );
}

function DiscoveryView(props: RegistryProps & { onDone: () => void }): JSX.Element {
  const [state, setState] = React.useState<
    { kind: "loading" } | { kind: "failed"; errors: string[] } | { kind: "ok"; d: Discovery }
  >({ kind: "loading" });
  const [chosen, setChosen] = React.useState<Set<string>>(new Set());
  const { discover } = props;
  React.useEffect(() => {
    let live = true;
    discover().then(
      (r) => {
        if (!live) return;
        if (r.ok) {
          setState({ kind: "ok", d: r.value });
          setChosen(new Set(r.value.candidates.filter((c) => c.status === "new").map((c) => c.key)));
        } else setState({ kind: "failed", errors: r.errors });
      },
      (error: unknown) =>
        live && setState({ kind: "failed", errors: [error instanceof Error ? error.message : String(error)] }),
    );
    return () => {
      live = false;
    };
  }, [discover]);
  if (state.kind === "loading") return <p role="status">Reading the area tree and test plans…</p>;
  if (state.kind === "failed") {
    return (
      <section className="sh-card" aria-label="Discovery">
        <p className="sh-field-errors" role="alert">
          Discovery failed: {state.errors.join(" ")}
        </p>
        <Button text="Close" onClick={props.onDone} />
      </section>
    );
  }
  const proposals = state.d.candidates.filter((c) => c.status !== "unchanged");
  return (
    <section className="sh-card" aria-label="Discovery">
      <h3 className="sh-h3">Proposals from area paths and plan names</h3>
      <p className="sh-help">
        {proposals.length} proposal(s); {state.d.candidates.length - proposals.length} already match the registry;{" "}
        {state.d.nearMisses.length} near miss(es); {state.d.notFound.length} registry entries not found.
      </p>
      <table className="sh-table" aria-label="Discovery proposals">
        <thead>
          <tr>
            <th scope="col">Accept</th>
            <th scope="col">Participant-role</th>
            <th scope="col">Status</th>
            <th scope="col">Window</th>
            <th scope="col">Plans</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((c) => (
            <tr key={c.key} data-testid="discovery-row">
              <td>
                <input
                  type="checkbox"
                  aria-label={`Accept ${c.key}`}
                  checked={chosen.has(c.key)}
                  onChange={(ev) => {
                    const next = new Set(chosen);
                    if (ev.target.checked) next.add(c.key);
                    else next.delete(c.key);
                    setChosen(next);
                  }}
                />
              </td>
              <th scope="row">{c.key}</th>
              <td>{c.status === "new" ? <Pill tone="good">New</Pill> : <Pill tone="warn">Changed</Pill>}</td>
              <td>{c.entry.window ?? "—"}</td>
              <td>{c.plans.map((p) => `${p.id} ${p.name}`).join("; ") || "—"}</td>
              <td>{[...c.differences, ...c.notes].join(" ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.d.nearMisses.length > 0 && (
        <details>
          <summary>Near misses</summary>
          <ul>
            {state.d.nearMisses.map((m, i) => (
              <li key={i}>
                {m.source} “{m.name}”: {m.reasons.join("; ")}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="sh-row">
        <Button
          primary
          text={`Accept ${chosen.size} proposal(s)`}
          disabled={chosen.size === 0}
          onClick={() => {
            const rows: ImportRow[] = proposals
              .filter((c) => chosen.has(c.key))
              .map((c, i) => ({
                line: i,
                key: c.key,
                entry: c.entry,
                errors: [],
                action: c.status === "new" ? "new" : "replace",
              }));
            props.update((s) => void (s.registry = applyImport(s.registry, rows)));
            props.onDone();
          }}
        />
        <Button text="Close" onClick={props.onDone} />
      </div>
    </section>
  );
}
