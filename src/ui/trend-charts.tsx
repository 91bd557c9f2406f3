/**
 * A participant-role's trend drawn by the chart components: the burn-up, the burn-down and the executed sparkline,
 * from the same chart specs the report draws (core/trend-charts.ts). Used by the hub's Trend tab and the widgets.
 */
import * as React from "react";
import { BurnDown, BurnUp, Trend } from "../core/trend";
import { burnDownSpec, burnUpSpec } from "../core/trend-charts";
import { Sparkline } from "./charts/Sparkline";
import { TrendChart } from "./charts/TrendChart";

export function BurnUpChart(props: { trend: Trend; burnUp: BurnUp; compact?: boolean; height?: number }): JSX.Element {
  const spec = React.useMemo(
    () => ({ ...burnUpSpec(props.trend, props.burnUp, { compact: props.compact }), height: props.height }),
    [props.trend, props.burnUp, props.compact, props.height],
  );
  return <TrendChart {...spec} tableToggle={!props.compact} hideTitle={props.compact} />;
}

export function BurnDownChart(props: { trend: Trend; burnDown: BurnDown; compact?: boolean }): JSX.Element {
  const spec = React.useMemo(
    () => burnDownSpec(props.trend, props.burnDown, { compact: props.compact }),
    [props.trend, props.burnDown, props.compact],
  );
  return <TrendChart {...spec} tableToggle={!props.compact} hideTitle={props.compact} />;
}

/** Executed points against planned, over the burn-up's days. */
export function ExecutedSparkline(props: { burnUp: BurnUp; width?: number; height?: number }): JSX.Element | null {
  const days = props.burnUp.days;
  const last = days[days.length - 1];
  if (!last) return null;
  return (
    <Sparkline
      values={days.map((d) => d.executed)}
      max={last.planned}
      what="Executed"
      tone="executed"
      width={props.width}
      height={props.height}
    />
  );
}
