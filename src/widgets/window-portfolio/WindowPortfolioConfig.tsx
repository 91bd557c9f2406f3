/** The window portfolio widget's configuration: a window, and optionally one role or one governing body. */
import * as React from "react";
import { Settings } from "../../core/settings";
import { ConfigViewProps } from "../shared/config-controller";
import { ConfigShell, windowChoices } from "../shared/ConfigShell";
import { WindowPortfolioConfig, entriesFor } from "../shared/widget-settings";

export function WindowPortfolioConfigView(props: ConfigViewProps<WindowPortfolioConfig>): JSX.Element {
  return (
    <ConfigShell state={props.state} problem={props.problem}>
      {(settings) => <Fields settings={settings} {...props} />}
    </ConfigShell>
  );
}

function Fields({ settings, value, onChange }: ConfigViewProps<WindowPortfolioConfig> & { settings: Settings }) {
  const bodies = [...new Set(settings.roles.flatMap((r) => r.governingBodies))].sort();
  const set = (patch: Partial<WindowPortfolioConfig>) => {
    const next = { window: value?.window ?? "", role: value?.role, body: value?.body, ...patch };
    onChange(
      next.window ? { window: next.window, role: next.role || undefined, body: next.body || undefined } : undefined,
    );
  };
  const matching = value ? entriesFor(value, settings).length : 0;
  return (
    <>
      <div className="qtw-field">
        <label htmlFor="qtw-window">Window</label>
        <select
          id="qtw-window"
          value={value?.window ?? ""}
          required={true}
          onChange={(e) => set({ window: e.target.value })}
        >
          <option value="">Pick a window…</option>
          {windowChoices(settings).map((w) => (
            <option key={w.id} value={w.id}>
              {w.text} ({entriesFor({ window: w.id }, settings).length})
            </option>
          ))}
        </select>
      </div>
      <div className="qtw-field">
        <label htmlFor="qtw-role">Role</label>
        <select id="qtw-role" value={value?.role ?? ""} onChange={(e) => set({ role: e.target.value })}>
          <option value="">All roles</option>
          {settings.roles.map((r) => (
            <option key={r.code} value={r.code}>
              {r.name} ({r.code})
            </option>
          ))}
        </select>
      </div>
      <div className="qtw-field">
        <label htmlFor="qtw-body">Governing body</label>
        <select id="qtw-body" value={value?.body ?? ""} onChange={(e) => set({ body: e.target.value })}>
          <option value="">All governing bodies</option>
          {bodies.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </div>
      {value && (
        <span className="qtw-hint">
          {matching} participant-role{matching === 1 ? "" : "s"} match.
        </span>
      )}
    </>
  );
}
