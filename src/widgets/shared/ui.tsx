/**
 * The widgets' building blocks in plain React (azure-devops-ui is too heavy for a tile among a dozen): the frame
 * with its title, the verdict badge (text, a symbol and a colour, never colour alone; the fills and text colours
 * are the hub's VerdictPill's, each 4.5:1 or better), a figure, and the loading, unconfigured, error and
 * cannot-assess states, each saying what happened and what to do.
 */
import * as React from "react";
import { VERDICT_LABELS, Verdict } from "../../core/assessment";
import { TileSize, WidgetState } from "./controller";
import "../../ui/visually-hidden.css";
import { ExternalLink } from "../../ui/ExternalLink";

const GLYPHS: Readonly<Record<Verdict, string>> = {
  "cannot-assess": "?",
  "not-ready": "✕",
  "ready-to-submit": "◔",
  "exit-criteria-met": "✓",
};

export function VerdictBadge({ verdict, short }: { verdict: Verdict; short?: boolean }): JSX.Element {
  return (
    <span className={`qtw-badge qtw-${verdict}`} title={short ? VERDICT_LABELS[verdict] : undefined}>
      <span className="qtw-badge-glyph" aria-hidden="true">
        {GLYPHS[verdict]}
      </span>
      {short ? <span className="qt-visually-hidden">{VERDICT_LABELS[verdict]}</span> : VERDICT_LABELS[verdict]}
    </span>
  );
}

export function verdictGlyph(verdict: Verdict): string {
  return GLYPHS[verdict];
}

export function WidgetFrame(props: {
  title: string;
  size: TileSize;
  subtitle?: string;
  busy?: boolean;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <section className={`qtw qtw-${props.size}`} aria-label={props.title} aria-busy={props.busy ? true : undefined}>
      <h2 className="qtw-title" title={props.title}>
        {props.title}
      </h2>
      {props.subtitle && (
        <div className="qtw-subtitle" title={props.subtitle}>
          {props.subtitle}
        </div>
      )}
      <div className="qtw-body">{props.children}</div>
    </section>
  );
}

export function Figure(props: { value: string | number; label: string; alarm?: boolean }): JSX.Element {
  return (
    <div className={`qtw-figure${props.alarm ? " qtw-alarm" : ""}`}>
      <span className="qtw-figure-value">{props.value}</span>
      <span className="qtw-figure-label">{props.label}</span>
    </div>
  );
}

export function LoadingMessage({ what }: { what: string }): JSX.Element {
  return (
    <div className="qtw-state" role="status" aria-live="polite">
      <span className="qtw-spinner" aria-hidden="true" />
      Reading {what}…
    </div>
  );
}

export function UnconfiguredMessage({ pick }: { pick: string }): JSX.Element {
  return (
    <div className="qtw-state qtw-unconfigured">
      <strong>Configure this widget to pick {pick}.</strong>
      <span className="qtw-hint">Edit the dashboard, then choose Configure on this widget.</span>
    </div>
  );
}

export function ErrorMessage({ cause, advice }: { cause: string; advice: string }): JSX.Element {
  return (
    <div className="qtw-state qtw-error" role="alert">
      <strong>Could not read the QT data.</strong>
      <span className="qtw-cause" title={cause}>
        {cause}
      </span>
      <span className="qtw-hint">{advice}</span>
    </div>
  );
}

/** Never green: the grey badge and why, so nobody takes a missing answer for a good one. */
export function CannotAssessMessage({ reason }: { reason: string }): JSX.Element {
  return (
    <div className="qtw-state qtw-cannot" role="alert">
      <VerdictBadge verdict="cannot-assess" />
      <span className="qtw-cause" title={reason}>
        {reason}
      </span>
    </div>
  );
}

/**
 * A link to the hub that leaves the dashboard: through the host's navigation service when there is one (the frame
 * cannot navigate its parent across origins otherwise), else an ordinary link to the top window.
 */
export function HubLink(props: {
  href: string;
  open?: (url: string) => void;
  className?: string;
  title?: string;
  children: React.ReactNode;
}): JSX.Element {
  const { open } = props;
  return (
    <ExternalLink
      className={props.className}
      href={props.href}
      target="_top"
      title={props.title}
      onClick={(event, href) => {
        if (!open || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        open(href);
      }}
    >
      {props.children}
    </ExternalLink>
  );
}

/**
 * A tile that has nothing to show yet: loading, not configured, an error, or cannot assess, each saying what
 * happened and what to do. `what` is what it reads ("the window"), `pick` what configuring it picks ("a window").
 */
export function PendingTile<T>(props: {
  title: string;
  size: TileSize;
  state: Exclude<WidgetState<T>, { kind: "ready" }>;
  what: string;
  pick: string;
}): JSX.Element {
  const { state } = props;
  return (
    <WidgetFrame title={props.title} size={props.size} busy={state.kind === "loading"}>
      {state.kind === "loading" && <LoadingMessage what={props.what} />}
      {state.kind === "unconfigured" && <UnconfiguredMessage pick={props.pick} />}
      {state.kind === "error" && <ErrorMessage cause={state.cause} advice={state.advice} />}
      {state.kind === "cannot-assess" && <CannotAssessMessage reason={state.reason} />}
    </WidgetFrame>
  );
}
