/**
 * The detail view's Trend tab: the execution burn-up with the window's end and the forecast's range, the defect
 * burn-down by QT severity, and where the trend's last day differs from the live read. Read from Analytics when the
 * tab opens (two aggregated queries); each chart fails on its own and says why, never drawing zeros it did not read.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Settings } from "../../../core/settings";
import { Trend, TrendPart } from "../../../core/trend";
import { FORECAST_LABELS } from "../../../core/trend-format";
import { readTrend } from "../../../ado/trend-reader";
import { HubData } from "../../../ui/hub-data";
import { LoadingState, errorText } from "../../../ui/PageStates";
import { DetailModel } from "./load";
import { BurnDownChart, BurnUpChart } from "../../../ui/trend-charts";

type TrendState = { kind: "loading" } | { kind: "loaded"; trend: Trend } | { kind: "failed"; error: unknown };

/** Trends already read for a detail model: switching tabs does not read Analytics again. */
const cache = new WeakMap<DetailModel, Trend>();

function useTrend(data: HubData, settings: Settings, model: DetailModel, now: () => Date) {
  const [state, setState] = React.useState<TrendState>(() => {
    const cached = cache.get(model);
    return cached ? { kind: "loaded", trend: cached } : { kind: "loading" };
  });
  const [generation, setGeneration] = React.useState(0);
  const clock = React.useRef(now);
  clock.current = now;
  React.useEffect(() => {
    const cached = generation === 0 ? cache.get(model) : undefined;
    if (cached) {
      setState({ kind: "loaded", trend: cached });
      return;
    }
    let live = true;
    setState({ kind: "loading" });
    readTrend({ port: data.port, project: data.project, call: data.caller.call.bind(data.caller) }, settings, model, {
      now: clock.current(),
    }).then(
      ({ trend }) => {
        cache.set(model, trend);
        if (live) setState({ kind: "loaded", trend });
      },
      (error: unknown) => live && setState({ kind: "failed", error }),
    );
    return () => {
      live = false;
    };
  }, [data, settings, model, generation]);
  return { state, retry: () => setGeneration((g) => g + 1) };
}

const FORECAST_TONE: Readonly<Record<string, string>> = {
  "will-miss": "qt-error-text",
  "window-closed": "qt-error-text",
  "at-risk": "qt-warning-text",
  "on-track": "qt-success-text",
  finished: "qt-success-text",
};

export function TrendTab(props: {
  data: HubData;
  settings: Settings;
  model: DetailModel;
  now: () => Date;
}): JSX.Element {
  const { state, retry } = useTrend(props.data, props.settings, props.model, props.now);
  if (state.kind === "loading") return <LoadingState label="Reading the daily history from Analytics…" />;
  if (state.kind === "failed")
    return (
      <MessageCard
        className="qt-detail-message"
        severity={MessageCardSeverity.Error}
        buttonProps={[{ text: "Retry", onClick: retry }]}
      >
        <div role="alert">The trend could not be read: {errorText(state.error)}</div>
      </MessageCard>
    );
  const { trend } = state;
  const f = trend.forecast;
  return (
    <div className="qt-trend" data-testid="trend-tab">
      <p className="qt-secondary-text">
        {trend.range
          ? `Each day from ${trend.range.from} to ${trend.range.to} (UK dates), as Azure DevOps Analytics recorded it at the end of the day.`
          : "Nothing to draw yet."}{" "}
        <Button subtle={true} text="Read again" iconProps={{ iconName: "Refresh" }} onClick={retry} />
      </p>
      {f && (
        <section className="qt-trend-forecast" aria-labelledby="qt-trend-forecast-title">
          <h2 id="qt-trend-forecast-title" className="title-s">
            Forecast: <span className={FORECAST_TONE[f.status]}>{FORECAST_LABELS[f.status]}</span>
          </h2>
          <p>{f.summary}</p>
          <p className="qt-secondary-text">
            {f.rule}
            {f.pace &&
              ` Pace, points a day: slowest ${f.pace.slowest}, overall ${f.pace.overall}, fastest ${f.pace.fastest}.`}
          </p>
        </section>
      )}
      <ChartPart
        name="Execution burn-up"
        part={trend.burnUp}
        onRetry={retry}
        chart={(value) => <BurnUpChart trend={trend} burnUp={value} />}
        caveat={(value) => value.unrecognisedOutcomes}
        caveatText="Outcomes Azure DevOps does not define, counted as not run"
      />
      <ChartPart
        name="Defect burn-down"
        part={trend.burnDown}
        onRetry={retry}
        chart={(value) => <BurnDownChart trend={trend} burnDown={value} />}
        caveat={(value) => value.unknownStates}
        caveatText="States no rule knows, counted as outstanding"
      />
      {trend.differences.length > 0 && (
        <MessageCard className="qt-detail-message" severity={MessageCardSeverity.Info}>
          <div>
            The trend&apos;s last day and the live read differ. Analytics lags the live state by up to about 30 seconds;
            the verdict above stands on the live read.
            <ul>
              {trend.differences.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </div>
        </MessageCard>
      )}
    </div>
  );
}

/** One chart of the trend, or why it is not drawn; and what in its data no rule knew (`caveat`). */
function ChartPart<T>(props: {
  name: string;
  part: TrendPart<T>;
  onRetry: () => void;
  chart: (value: T) => JSX.Element;
  caveat: (value: T) => readonly string[];
  caveatText: string;
}): JSX.Element {
  const { part } = props;
  const caveats = part.ok ? props.caveat(part.value) : [];
  return (
    <section className="qt-trend-chart" aria-label={props.name}>
      {part.ok ? (
        <>
          {props.chart(part.value)}
          {caveats.length > 0 && (
            <p className="qt-warning-text">
              {props.caveatText}: {caveats.join(", ")}.
            </p>
          )}
        </>
      ) : (
        <PartFailed title={`No ${props.name.toLowerCase()}`} reason={part.reason} onRetry={props.onRetry} />
      )}
    </section>
  );
}

function PartFailed(props: { title: string; reason: string; onRetry: () => void }): JSX.Element {
  return (
    <MessageCard
      className="qt-detail-message"
      severity={MessageCardSeverity.Warning}
      buttonProps={[{ text: "Retry", onClick: props.onRetry }]}
    >
      <div role="alert">
        <strong>{props.title}.</strong> {props.reason}
      </div>
    </MessageCard>
  );
}
