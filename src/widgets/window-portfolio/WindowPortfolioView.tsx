/**
 * The window portfolio tile: how many participant-roles of one window (optionally one role or governing body) have
 * each verdict, and the ones furthest from exit, each linking to its detail in the hub. Medium (2×2) lists three;
 * wide (4×2) lists six with their blocking defects, execution and days left.
 */
import * as React from "react";
import { Assessment, VERDICTS, VERDICT_LABELS } from "../../core/assessment";
import { formatPercent } from "../../ui/ExecutionBar";
import { WidgetViewProps } from "../shared/controller";
import { blockingDefects, daysLeftText, furthestFromExit, verdictCounts } from "../shared/figures";
import { hubDetailUrl } from "../shared/hub-link";
import { HubLink, PendingTile, WidgetFrame, verdictGlyph } from "../shared/ui";
import "../../ui/visually-hidden.css";

export const DEFAULT_TITLE = "QT window portfolio";

/** What the tile shows: the assessments, and what they are of (for the subtitle). */
export interface WindowPortfolioModel {
  scope: string;
  assessments: Assessment[];
}

export function WindowPortfolioView({ title, size, state }: WidgetViewProps<WindowPortfolioModel>): JSX.Element {
  const heading = title || DEFAULT_TITLE;
  if (state.kind !== "ready")
    return <PendingTile title={heading} size={size} state={state} what="the window" pick="a window" />;
  const { scope, assessments } = state.value;
  const counts = verdictCounts(assessments);
  const wide = size === "wide";
  const worst = furthestFromExit(
    assessments.filter((a) => a.verdict !== "exit-criteria-met"),
    wide ? 6 : size === "compact" ? 0 : 3,
  );
  const total = assessments.length;
  const countList = (
    <ul className="qtw-counts" aria-label="Participant-roles by verdict">
      {VERDICTS.map((v) => (
        <li key={v}>
          <span className={`qtw-glyph qtw-${v}`} aria-hidden="true">
            {verdictGlyph(v)}
          </span>
          <span className="qtw-count">{counts[v]}</span>
          <span className="qtw-secondary">{VERDICT_LABELS[v]}</span>
        </li>
      ))}
    </ul>
  );
  const worstList =
    worst.length === 0 ? (
      <p className="qtw-secondary qtw-hint">Every participant-role here has met its exit criteria.</p>
    ) : (
      <ul className="qtw-list">
        {worst.map((a) => {
          const blocking = blockingDefects(a);
          return (
            <li key={a.participantRole}>
              <span className={`qtw-glyph qtw-${a.verdict}`} title={VERDICT_LABELS[a.verdict]} aria-hidden="true">
                {verdictGlyph(a.verdict)}
              </span>
              <span className="qtw-grow">
                <HubLink href={hubDetailUrl(state.link, a.participantRole)} open={state.open}>
                  {a.participantRole}
                </HubLink>
                <span className="qt-visually-hidden">
                  {" "}
                  {VERDICT_LABELS[a.verdict]}, stage {a.stage.label}
                </span>
                {wide && <span className="qtw-secondary"> {a.participantName}</span>}
              </span>
              {a.verdict === "cannot-assess" ? (
                <span className="qtw-status qtw-status-unknown">Cannot assess</span>
              ) : (
                <span className={`qtw-status${blocking > 0 ? " qtw-status-unmet" : " qtw-status-pending"}`}>
                  {blocking > 0 ? `${blocking} Sev1/2` : "0 Sev1/2"}
                </span>
              )}
              {wide && a.verdict !== "cannot-assess" && (
                <span className="qtw-status qtw-status-pending">
                  {a.coverage.planned === 0 ? "nothing planned" : `${formatPercent(a.coverage.executionPercent)} run`}
                </span>
              )}
              {wide && (
                <span className="qtw-status qtw-status-pending" title={a.stage.detail} data-stage={a.stage.id}>
                  {a.stage.label}
                </span>
              )}
              {wide && <span className="qtw-status qtw-status-pending">{daysLeftText(a)}</span>}
            </li>
          );
        })}
      </ul>
    );
  const qualified = assessments.filter((a) => a.stage.id === "qualified").length;
  const subtitle = `${scope} · ${total} participant-role${total === 1 ? "" : "s"} · ${qualified} qualified`;
  return (
    <WidgetFrame title={heading} size={size} subtitle={subtitle}>
      {wide ? (
        <div className="qtw-columns qtw-columns-portfolio">
          <div className="qtw-column">{countList}</div>
          <div className="qtw-column">
            <h3 className="qtw-list-title">Furthest from exit</h3>
            {worstList}
          </div>
        </div>
      ) : (
        <div className="qtw-column">
          {countList}
          {size !== "compact" && (
            <>
              <h3 className="qtw-list-title">Furthest from exit</h3>
              {worstList}
            </>
          )}
        </div>
      )}
    </WidgetFrame>
  );
}
