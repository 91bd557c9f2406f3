/**
 * The settings hub's health tab: what in this set-up would let the assessed party improve its own verdict, as the
 * signed-in user can tell — the checks `qt-assure doctor` runs (src/ado/health.ts), over the saved settings.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { Finding, checkHealth } from "../../ado/health";
import { Settings } from "../../core/settings";
import { HubData } from "../../ui/hub-data";
import { Pill } from "./widgets";

type State = { kind: "checking" } | { kind: "done"; findings: Finding[] } | { kind: "failed"; error: string };

const TONE = { ok: "good", weak: "bad", "not-checked": "info" } as const;
const LABEL = { ok: "OK", weak: "Weak", "not-checked": "Not checked" } as const;

export function HealthSection(props: { data: HubData; settings: Settings }): JSX.Element {
  const { data, settings } = props;
  const [state, setState] = React.useState<State>({ kind: "checking" });
  const [round, setRound] = React.useState(0);
  React.useEffect(() => {
    let gone = false;
    setState({ kind: "checking" });
    checkHealth(data, settings, "stored").then(
      (findings) => !gone && setState({ kind: "done", findings }),
      (error: unknown) =>
        !gone && setState({ kind: "failed", error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      gone = true;
    };
  }, [data, settings, round]);

  return (
    <div className="sh-section">
      <h2 className="sh-h2">Security health</h2>
      <p className="sh-help">
        What in this set-up would let a participant improve its own verdict, as you can see it: the same checks as
        qt-assure doctor, over the saved settings. See docs/security.md.
      </p>
      <Button text="Check again" iconProps={{ iconName: "Refresh" }} onClick={() => setRound((r) => r + 1)} />
      {state.kind === "checking" && <Spinner size={SpinnerSize.medium} label="Checking against the organisation…" />}
      {state.kind === "failed" && <p role="alert">Could not check: {state.error}</p>}
      {state.kind === "done" && (
        <ul className="sh-health" aria-label="Findings">
          {state.findings.map((f) => (
            <li key={f.id} data-finding={f.id} data-status={f.status}>
              <Pill tone={TONE[f.status]}>{LABEL[f.status]}</Pill> <strong>{f.title}</strong>
              <p className="sh-health-detail">{f.detail}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
