/** What both configuration forms share: the states before the form, and the reason a save was refused. */
import * as React from "react";
import { ConfigState } from "./config-controller";
import { ErrorMessage, LoadingMessage } from "./ui";
import { Settings } from "../../core/settings";

export function ConfigShell(props: {
  state: ConfigState;
  problem: string | undefined;
  children: (settings: Settings) => React.ReactNode;
}): JSX.Element {
  const { state, problem } = props;
  return (
    <form className="qtw-config" onSubmit={(e) => e.preventDefault()} aria-label="Widget configuration">
      {state.kind === "loading" && <LoadingMessage what="the QT Assurance settings" />}
      {state.kind === "error" && <ErrorMessage cause={state.cause} advice={state.advice} />}
      {state.kind === "cannot-assess" && (
        <div className="qtw-state qtw-error" role="alert">
          <strong>The QT Assurance settings cannot be used.</strong>
          <span className="qtw-cause">{state.reason}</span>
          <span className="qtw-hint">Set them up in Project settings → QT Assurance, then configure this widget.</span>
        </div>
      )}
      {state.kind === "ready" && props.children(state.settings)}
      {problem && (
        <p className="qtw-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

export function windowChoices(settings: Settings): { id: string; text: string }[] {
  return [...settings.windows.map((w) => ({ id: w.id, text: w.name })), { id: "sit", text: "SIT route" }];
}
