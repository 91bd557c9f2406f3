/**
 * The QT burn-up tile: one participant-role's execution burn-up (planned, executed, passed and waived points by day,
 * with the window's last day of execution) and the forecast in a word, at 2×2 and 4×2. Analytics that cannot be
 * read shows why, never an empty or flat chart that could pass for no progress.
 */
import * as React from "react";
import { FORECAST_LABELS } from "../../core/trend-format";
import { WidgetViewProps } from "../shared/controller";
import { hubDetailUrl } from "../shared/hub-link";
import { TrendTile } from "../shared/load";
import { HubLink, PendingTile, WidgetFrame } from "../shared/ui";
import { BurnUpChart } from "../../ui/trend-charts";

export const DEFAULT_TITLE = "QT burn-up";

const FORECAST_CLASS: Readonly<Record<string, string>> = {
  "will-miss": "qtw-alarm",
  "window-closed": "qtw-alarm",
  "at-risk": "qtw-warn",
};

export function BurnUpView({ title, size, state }: WidgetViewProps<TrendTile>): JSX.Element {
  const heading = title || DEFAULT_TITLE;
  const tileSize = size === "compact" ? "medium" : size;
  if (state.kind !== "ready")
    return (
      <PendingTile title={heading} size={tileSize} state={state} what="the daily history" pick="a participant-role" />
    );
  const { assessment: a, trend } = state.value;
  const f = trend.forecast;
  const href = hubDetailUrl(state.link, a.participantRole, "trend");
  return (
    <WidgetFrame title={heading} size={tileSize}>
      <div className="qtw-burnup">
        <div className="qtw-who">
          <HubLink href={href} open={state.open} title={`Open ${a.participantRole}'s trend in the QT Assurance hub`}>
            {a.participantRole} · {a.participantName}
          </HubLink>
        </div>
        {f ? (
          <div className="qtw-forecast" title={`${f.summary} ${f.rule}`}>
            <strong className={FORECAST_CLASS[f.status]}>{FORECAST_LABELS[f.status]}</strong>
            {tileSize === "wide" ? <span className="qtw-forecast-text"> · {f.summary}</span> : null}
          </div>
        ) : null}
        {trend.burnUp.ok ? (
          <BurnUpChart
            trend={trend}
            burnUp={trend.burnUp.value}
            compact={true}
            height={tileSize === "wide" ? 190 : undefined}
          />
        ) : (
          <div className="qtw-state qtw-error" role="alert">
            <strong>No burn-up.</strong>
            <span className="qtw-cause" title={trend.burnUp.reason}>
              {trend.burnUp.reason}
            </span>
          </div>
        )}
      </div>
    </WidgetFrame>
  );
}
