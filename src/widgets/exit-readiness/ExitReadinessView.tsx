/**
 * The exit readiness tile for one participant-role, at three sizes: compact (1 row × 2 columns: the verdict and
 * the one figure that matters), medium (2×2: verdict, execution, the blocking figures, days left) and wide (4×2:
 * the same with the criteria and their status beside them). The whole tile opens the hub's detail view.
 */
import * as React from "react";
import { Assessment, CriterionStatus } from "../../core/assessment";
import { ExecutionBar } from "../../ui/ExecutionBar";
import { ExecutedSparkline } from "../../ui/trend-charts";
import { Trend } from "../../core/trend";
import { WidgetViewProps } from "../shared/controller";
import { criterionTooltip, exitFigures, headline } from "../shared/figures";
import { hubDetailUrl } from "../shared/hub-link";
import { Figure, HubLink, PendingTile, VerdictBadge, WidgetFrame } from "../shared/ui";

export const DEFAULT_TITLE = "QT exit readiness";

const STATUS_TEXT: Readonly<Record<CriterionStatus, string>> = {
  met: "✓ Met",
  unmet: "✕ Not met",
  pending: "◔ Pending",
  unknown: "? Unknown",
};

/** The 2×2 tile's sparkline spans four weeks: enough to see the pace, little to read. */
export const SPARKLINE_DAYS = 28;

/** The participant-role, and at 2×2 its recent trend (absent at other sizes: they do not draw it). */
export interface ExitTile {
  assessment: Assessment;
  trend?: Trend;
}

export function ExitReadinessView({ title, size, state }: WidgetViewProps<ExitTile>): JSX.Element {
  const heading = title || DEFAULT_TITLE;
  if (state.kind !== "ready")
    return (
      <PendingTile title={heading} size={size} state={state} what="the participant-role" pick="a participant-role" />
    );
  const a = state.value.assessment;
  const trend = state.value.trend;
  const href = hubDetailUrl(state.link, a.participantRole);
  const who = `${a.participantRole} · ${a.participantName}`;
  return (
    <WidgetFrame title={heading} size={size}>
      <HubLink
        className="qtw-tile"
        href={href}
        open={state.open}
        title={`Open ${a.participantRole} in the QT Assurance hub`}
      >
        {size === "compact" ? (
          <Compact a={a} who={who} />
        ) : size === "wide" ? (
          <Wide a={a} who={who} />
        ) : (
          <Medium a={a} who={who} trend={trend} />
        )}
      </HubLink>
    </WidgetFrame>
  );
}

function Compact({ a, who }: { a: Assessment; who: string }): JSX.Element {
  const h = headline(a);
  return (
    <>
      <div className="qtw-who">{who}</div>
      <div className="qtw-compact-line">
        <VerdictBadge verdict={a.verdict} />
        <span className={`qtw-headline${h.alarm ? " qtw-alarm" : ""}`}>
          <span className="qtw-figure-value">{h.value}</span>
          <span className="qtw-figure-label">{h.label}</span>
        </span>
      </div>
    </>
  );
}

function Summary({ a, who }: { a: Assessment; who: string }): JSX.Element {
  const f = exitFigures(a);
  if (a.verdict === "cannot-assess")
    // The figures of an incomplete read are not zeros but unknowns: show why instead, never a reassuring 0.
    return (
      <>
        <div className="qtw-who">{who}</div>
        <VerdictBadge verdict={a.verdict} />
        <span className="qtw-cause" title={a.problems.join(" ")}>
          {a.problems[0] ?? a.summary}
        </span>
        <span className="qtw-hint">
          Figures are withheld until it can be read completely. Refresh the dashboard, or open the hub for detail.
        </span>
      </>
    );
  return (
    <>
      <div className="qtw-who">{who}</div>
      <VerdictBadge verdict={a.verdict} />
      <span className="qtw-stage" title={a.stage.detail} data-stage={a.stage.id}>
        Stage: {a.stage.label}
        {a.stage.reopened ? " (reopened)" : ""}
      </span>
      <ExecutionBar executed={a.coverage.executed} planned={a.coverage.planned} percent={a.coverage.executionPercent} />
      <div className="qtw-figures">
        <Figure
          value={`${f.sev1} / ${f.sev2}`}
          label={f.unclassified > 0 ? `Sev1 / Sev2 (${f.unclassified} unclassified)` : "Sev1 / Sev2 outstanding"}
          alarm={f.sev1 + f.sev2 > 0}
        />
        <Figure
          value={f.sev34AwaitingMitigation}
          label="Sev3/4 awaiting mitigation"
          alarm={f.sev34AwaitingMitigation > 0}
        />
        <Figure value={f.waiversPending} label="waivers pending" alarm={f.waiversPending > 0} />
        <Figure value={f.daysLeft} label={a.window ? `left in ${a.window.name}` : "no window"} />
      </div>
    </>
  );
}

function Medium(props: { a: Assessment; who: string; trend?: Trend }): JSX.Element {
  const { trend } = props;
  return (
    <>
      <Summary a={props.a} who={props.who} />
      {trend && props.a.verdict !== "cannot-assess" && (
        <div className="qtw-spark">
          {trend.burnUp.ok ? (
            <ExecutedSparkline burnUp={trend.burnUp.value} width={120} height={28} />
          ) : (
            <span className="qtw-hint" title={trend.burnUp.reason}>
              No trend: {trend.burnUp.reason}
            </span>
          )}
        </div>
      )}
    </>
  );
}

function Wide({ a, who }: { a: Assessment; who: string }): JSX.Element {
  return (
    <div className="qtw-columns">
      <div className="qtw-column">
        <Summary a={a} who={who} />
      </div>
      <div className="qtw-column">
        <h3 className="qtw-list-title">Exit criteria</h3>
        <ul className="qtw-list">
          {a.criteria.map((c) => (
            <li key={c.id} title={criterionTooltip(c)}>
              <strong>{c.id}</strong>
              <span className="qtw-grow">{c.title}</span>
              <span className={`qtw-status qtw-status-${c.status}`}>{STATUS_TEXT[c.status]}</span>
            </li>
          ))}
        </ul>
        <span className="qtw-open">Open in QT Assurance →</span>
      </div>
    </div>
  );
}
