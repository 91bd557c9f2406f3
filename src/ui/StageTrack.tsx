/**
 * A participant-role's lifecycle stage: a labelled pill, and (in full) the route's steps as an ordered list, each
 * saying in words whether it is done, current, failed or to do, so it never relies on colour or shape alone.
 */
import * as React from "react";
import { Stage, StageId } from "../core/assessment";
import "./stage.css";
import "./visually-hidden.css";

const GLYPH: Readonly<Record<StageId, string>> = {
  "cannot-assess": "?",
  entry: "○",
  executing: "◔",
  "ready-to-submit": "◑",
  "sit-report-awaited": "○",
  "under-review": "◕",
  returned: "↺",
  "signing-off": "◕",
  refused: "✕",
  qualified: "★",
};

const STEP_WORDS = { done: "done", current: "current", todo: "to do", failed: "returned or refused" } as const;

export function StageBadge({ stage }: { stage: Stage }): JSX.Element {
  return (
    <span
      className={`qt-stage qt-stage-${stage.id}${stage.reopened ? " qt-stage-reopened" : ""}`}
      title={stage.detail}
      data-stage={stage.id}
    >
      <span className="qt-stage-glyph" aria-hidden="true">
        {GLYPH[stage.id]}
      </span>
      {stage.label}
      {stage.reopened ? " (reopened)" : ""}
    </span>
  );
}

export function StageTrack({ stage }: { stage: Stage }): JSX.Element {
  return (
    <div className="qt-stage-track" data-testid="stage">
      <div className="flex-row flex-center flex-wrap qt-stage-head">
        <span className="qt-stage-caption">Stage</span>
        <StageBadge stage={stage} />
        <span className="qt-stage-detail">{stage.detail}</span>
      </div>
      <ol className="qt-stage-steps" aria-label="Lifecycle">
        {stage.steps.map((s) => (
          <li
            key={s.label}
            className={`qt-stage-step qt-step-${s.state}`}
            aria-current={s.state === "current" ? "step" : undefined}
          >
            <span className="qt-step-label">{s.label}</span>
            <span className="qt-visually-hidden">: {STEP_WORDS[s.state]}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
