/**
 * Whole-page states every hub shares: loading, a failure with its cause and a Retry, no settings yet, invalid
 * settings. Each says what happened and what to do next.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { ZeroData, ZeroDataActionType } from "azure-devops-ui/ZeroData";
import { SettingsError } from "../core/validate-settings";

export function LoadingState({ label }: { label: string }): JSX.Element {
  return (
    <div className="qt-page-state" role="status" aria-live="polite">
      <Spinner size={SpinnerSize.large} label={label} />
    </div>
  );
}

export interface FullPageErrorProps {
  title: string;
  /** What to do about it, in a sentence. */
  advice?: string;
  /** The cause as the failing layer reported it. */
  cause?: string;
  onRetry?: () => void;
}

export function FullPageError({ title, advice, cause, onRetry }: FullPageErrorProps): JSX.Element {
  return (
    <div className="qt-page-state" role="alert">
      <h1>{title}</h1>
      {advice && <p>{advice}</p>}
      {cause && (
        <>
          <p className="qt-secondary-text">What went wrong:</p>
          <pre>{cause}</pre>
        </>
      )}
      {onRetry && <Button text="Retry" primary={true} iconProps={{ iconName: "Refresh" }} onClick={onRetry} />}
    </div>
  );
}

/** No settings are stored yet: the settings hub is where they are made. */
export function SettingsMissing({ onRetry }: { onRetry?: () => void }): JSX.Element {
  return (
    <div className="qt-page-state">
      <ZeroData
        imageAltText=""
        iconProps={{ iconName: "Settings" }}
        primaryText="QT Assurance is not set up yet"
        secondaryText={
          <span>
            No settings are stored for this project. A project administrator sets them up in{" "}
            <strong>Project settings → QT Assurance</strong> (the QT Assurance settings hub): the participant registry,
            windows, roles, severity mapping and assurers. Come back here once they are saved.
          </span>
        }
        actionType={ZeroDataActionType.ctaButton}
        actionText={onRetry ? "Check again" : undefined}
        onActionClick={onRetry ? () => onRetry() : undefined}
      />
    </div>
  );
}

/** Stored settings that do not validate: each error with where it is and how to fix it. */
export function SettingsInvalid({ errors, onRetry }: { errors: SettingsError[]; onRetry?: () => void }): JSX.Element {
  return (
    <div className="qt-page-state">
      <MessageCard
        severity={MessageCardSeverity.Error}
        buttonProps={onRetry ? [{ text: "Check again", onClick: () => onRetry() }] : undefined}
      >
        <div>
          <strong>The stored QT Assurance settings are invalid, so nothing can be assessed.</strong> Fix them in Project
          settings → QT Assurance. {errors.length === 1 ? "1 error:" : `${errors.length} errors:`}
          <ul className="qt-error-list">
            {errors.map((e, i) => (
              <li key={i}>
                <code>{e.path}</code>: {e.message}
                {e.fix ? ` ${e.fix}` : ""}
              </li>
            ))}
          </ul>
        </div>
      </MessageCard>
    </div>
  );
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
