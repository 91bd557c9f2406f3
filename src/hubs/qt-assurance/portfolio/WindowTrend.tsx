/**
 * The window's execution burn-up in the portfolio: every participant-role of the window together, with the
 * forecast against the window's last day of execution. Read from Analytics only when asked for (one query), and
 * kept for the portfolio it was read with.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Assessment } from "../../../core/assessment";
import { Settings } from "../../../core/settings";
import { Trend } from "../../../core/trend";
import { FORECAST_LABELS } from "../../../core/trend-format";
import { readWindowTrend } from "../../../ado/trend-reader";
import { HubData } from "../../../ui/hub-data";
import { LoadingState, errorText } from "../../../ui/PageStates";
import { BurnUpChart } from "../../../ui/trend-charts";

type State =
  { kind: "closed" } | { kind: "loading" } | { kind: "loaded"; trend: Trend } | { kind: "failed"; error: unknown };

const read = new WeakMap<readonly Assessment[], Trend>();

const TONE: Readonly<Record<string, string>> = {
  "will-miss": "qt-error-text",
  "window-closed": "qt-error-text",
  "at-risk": "qt-warning-text",
};

export function WindowTrend(props: {
  data: HubData;
  settings: Settings;
  window: string;
  assessments: readonly Assessment[];
  now: () => Date;
}): JSX.Element {
  const { data, settings, window, assessments } = props;
  const [state, setState] = React.useState<State>(() => {
    const cached = read.get(assessments);
    return cached ? { kind: "loaded", trend: cached } : { kind: "closed" };
  });
  const now = React.useRef(props.now);
  now.current = props.now;
  const live = React.useRef(true);
  React.useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  React.useEffect(() => {
    const cached = read.get(assessments);
    setState(cached ? { kind: "loaded", trend: cached } : { kind: "closed" });
  }, [assessments]);

  const load = () => {
    setState({ kind: "loading" });
    readWindowTrend(data, settings, assessments, window, now.current()).then(
      ({ trend }) => {
        read.set(assessments, trend);
        if (live.current) setState({ kind: "loaded", trend });
      },
      (error: unknown) => live.current && setState({ kind: "failed", error }),
    );
  };

  return (
    <section className="qt-window-trend" aria-label="The window's burn-up">
      {state.kind === "closed" && (
        <Button
          text="Show the window's burn-up"
          iconProps={{ iconName: "Chart" }}
          onClick={load}
          ariaExpanded={false}
        />
      )}
      {state.kind === "loading" && <LoadingState label="Reading the window's daily history from Analytics…" />}
      {state.kind === "failed" && (
        <MessageCard severity={MessageCardSeverity.Error} buttonProps={[{ text: "Retry", onClick: load }]}>
          <div role="alert">The window's burn-up could not be read: {errorText(state.error)}</div>
        </MessageCard>
      )}
      {state.kind === "loaded" && (
        <>
          <Button
            subtle={true}
            text="Hide the window's burn-up"
            ariaExpanded={true}
            onClick={() => setState({ kind: "closed" })}
          />
          {state.trend.forecast && (
            <p>
              Forecast for {state.trend.participantRole}:{" "}
              <strong className={TONE[state.trend.forecast.status]}>
                {FORECAST_LABELS[state.trend.forecast.status]}
              </strong>
              . {state.trend.forecast.summary} <span className="qt-secondary-text">{state.trend.forecast.rule}</span>
            </p>
          )}
          {state.trend.burnUp.ok ? (
            <BurnUpChart trend={state.trend} burnUp={state.trend.burnUp.value} />
          ) : (
            <MessageCard severity={MessageCardSeverity.Warning}>
              <div role="alert">
                <strong>No burn-up for the window.</strong> {state.trend.burnUp.reason}
              </div>
            </MessageCard>
          )}
        </>
      )}
    </section>
  );
}
