/**
 * The exit readiness widget's configuration: pick one participant-role from the registry, narrowed by window and
 * by a search over key and name (both only narrow the list; the participant-role is what is saved).
 */
import * as React from "react";
import { Settings, registryKey } from "../../core/settings";
import { ConfigViewProps } from "../shared/config-controller";
import { ConfigShell, windowChoices } from "../shared/ConfigShell";
import { ExitReadinessConfig } from "../shared/widget-settings";

export function ExitReadinessConfigView(props: ConfigViewProps<ExitReadinessConfig>): JSX.Element {
  return (
    <ConfigShell state={props.state} problem={props.problem}>
      {(settings) => <Fields settings={settings} {...props} />}
    </ConfigShell>
  );
}

function Fields({ settings, value, onChange }: ConfigViewProps<ExitReadinessConfig> & { settings: Settings }) {
  const [window, setWindow] = React.useState("");
  const [search, setSearch] = React.useState("");
  const terms = search.toLowerCase().split(/\s+/).filter(Boolean);
  const options = settings.registry
    .filter((e) => !window || (e.route === "SIT" ? "sit" : e.window) === window)
    .filter((e) => terms.every((t) => `${registryKey(e)} ${e.participantName}`.toLowerCase().includes(t)))
    .map((e) => ({ key: registryKey(e), text: `${registryKey(e)} · ${e.participantName}` }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const selected = value?.participantRole ?? "";
  if (selected && !options.some((o) => o.key === selected)) options.unshift({ key: selected, text: selected });
  return (
    <>
      <div className="qtw-field">
        <label htmlFor="qtw-window">Window (narrows the list)</label>
        <select id="qtw-window" value={window} onChange={(e) => setWindow(e.target.value)}>
          <option value="">All windows</option>
          {windowChoices(settings).map((w) => (
            <option key={w.id} value={w.id}>
              {w.text}
            </option>
          ))}
        </select>
      </div>
      <div className="qtw-field">
        <label htmlFor="qtw-search">Search (key or participant name)</label>
        <input id="qtw-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <div className="qtw-field">
        <label htmlFor="qtw-participant-role">Participant-role</label>
        <select
          id="qtw-participant-role"
          value={selected}
          required={true}
          onChange={(e) => onChange(e.target.value ? { participantRole: e.target.value } : undefined)}
        >
          <option value="">Pick a participant-role…</option>
          {options.map((o) => (
            <option key={o.key} value={o.key}>
              {o.text}
            </option>
          ))}
        </select>
        <span className="qtw-hint">
          {options.length} of {settings.registry.length} participant-roles listed.
        </span>
      </div>
    </>
  );
}
