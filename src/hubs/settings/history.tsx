/**
 * The settings hub's history tab, when the settings are kept in a settings record: every version, newest first, who
 * saved it (as Azure DevOps stamped it), whether it counts, and what it changed as a diff of the previous version.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { SETTINGS_TEAM, SettingsVersion } from "../../core/settings-record";
import { DiffLine, settingsDiff } from "../../core/settings-diff";
import { HubData } from "../../ui/hub-data";
import { describeError } from "./live";
import { Pill } from "./widgets";

type State = { kind: "reading" } | { kind: "done"; versions: SettingsVersion[] } | { kind: "failed"; error: string };

const MARK = { added: "+", removed: "−", same: " " } as const;
const SAID = { added: "added", removed: "removed", same: "unchanged" } as const;

function Diff({ lines }: { lines: DiffLine[] }): JSX.Element {
  if (lines.every((l) => l.kind === "same" || l.kind === "folded")) return <p className="sh-help">No change.</p>;
  return (
    <pre className="sh-diff" aria-label="Changes">
      {lines.map((line, i) =>
        line.kind === "folded" ? (
          <span key={i} className="sh-diff-folded">
            {`  … ${line.count} unchanged line${line.count === 1 ? "" : "s"}\n`}
          </span>
        ) : (
          <span key={i} className={`sh-diff-${line.kind}`} aria-label={`${SAID[line.kind]}: ${line.text.trim()}`}>
            {`${MARK[line.kind]} ${line.text}\n`}
          </span>
        ),
      )}
    </pre>
  );
}

const who = (v: SettingsVersion) =>
  v.by?.displayName ?? v.by?.uniqueName ?? v.by?.id ?? "someone Azure DevOps did not name";

export function HistorySection(props: { data: HubData }): JSX.Element {
  const { data } = props;
  const [state, setState] = React.useState<State>({ kind: "reading" });
  const [round, setRound] = React.useState(0);
  React.useEffect(() => {
    let gone = false;
    setState({ kind: "reading" });
    Promise.resolve(data.store.settingsHistory?.() ?? []).then(
      (versions) => !gone && setState({ kind: "done", versions }),
      (error: unknown) => !gone && setState({ kind: "failed", error: describeError(error) }),
    );
    return () => {
      gone = true;
    };
  }, [data, round]);

  const entries = state.kind === "done" ? state.versions.map((v, i, all) => ({ version: v, before: all[i - 1] })) : [];
  return (
    <div className="sh-section">
      <h2 className="sh-h2">History</h2>
      <p className="sh-help">
        Every save of the settings record, as Azure DevOps stamped who made it. Only saves by the {SETTINGS_TEAM} team
        count: a change by anyone else stops every assessment until one of them saves again.
      </p>
      <Button text="Read again" iconProps={{ iconName: "Refresh" }} onClick={() => setRound((r) => r + 1)} />
      {state.kind === "reading" && <Spinner size={SpinnerSize.medium} label="Reading the history…" />}
      {state.kind === "failed" && <p role="alert">Could not read the history: {state.error}</p>}
      {state.kind === "done" && entries.length === 0 && (
        <p className="sh-help">The settings are not kept in a settings record, so they have no history here.</p>
      )}
      {entries.length > 0 && (
        <ol className="sh-history" aria-label="Versions, newest first" reversed>
          {[...entries].reverse().map(({ version, before }) => (
            <li key={version.rev} data-rev={version.rev}>
              <div className="sh-history-head">
                <strong>Revision {version.rev}</strong> · {version.at.slice(0, 16).replace("T", " ")} · {who(version)}{" "}
                {version.byAdministrator ? (
                  <Pill tone="good">{SETTINGS_TEAM}</Pill>
                ) : (
                  <Pill tone="bad">Not an administrator: does not count</Pill>
                )}
              </div>
              {version.deleted ? (
                <p className="sh-help">Deleted the settings record.</p>
              ) : before === undefined || before.deleted ? (
                <p className="sh-help">The first version of the settings in this record.</p>
              ) : (
                <Diff lines={settingsDiff(before.text, version.text)} />
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
