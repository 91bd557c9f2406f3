/**
 * Test execution against plan: a bar and the figures in words ("45 / 60 executed, 75%"). The bar is decoration;
 * the text carries the meaning for screen readers and in high-contrast modes.
 */
import * as React from "react";

export interface ExecutionBarProps {
  executed: number;
  planned: number;
  /** executed / planned in percent, as the engine computed it. */
  percent: number;
}

export function formatPercent(percent: number): string {
  const rounded = Math.floor(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

export function ExecutionBar({ executed, planned, percent }: ExecutionBarProps): JSX.Element {
  const width = Math.max(0, Math.min(100, percent));
  const text = planned === 0 ? "Nothing planned" : `${executed} / ${planned} · ${formatPercent(percent)}`;
  return (
    <div className="qt-execution-bar" title={planned === 0 ? text : `${executed} of ${planned} planned executed`}>
      <div className="qt-execution-bar-track" aria-hidden="true">
        <div className={`qt-execution-bar-fill${width >= 100 ? " complete" : ""}`} style={{ width: `${width}%` }} />
      </div>
      <span className="qt-execution-bar-text">{text}</span>
    </div>
  );
}
