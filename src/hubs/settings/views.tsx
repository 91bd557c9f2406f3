/**
 * The settings hub's smaller views: the download button, the list of problems, a concurrent save's conflict, and
 * the page for stored settings that do not validate.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { SettingsError } from "../../core/validate-settings";
import { saveFile } from "../../ui/save-file";
import { SETTINGS_MIME, SavedSettings, settingsDownload } from "./download";
import { Conflict } from "./editor-state";
import { ItemChange, SECTIONS } from "./merge";
import { Text } from "./widgets";

/** "Download settings (JSON)": the stored document, never the draft; disabled, with the reason, when none is stored. */
export function DownloadButton(props: { saved: SavedSettings; unsavedEdits: boolean; now: () => Date }): JSX.Element {
  const offer = settingsDownload(props.saved, props.unsavedEdits, props.now());
  return (
    <Button
      text={offer.text}
      ariaLabel={offer.ariaLabel}
      tooltipProps={{ text: offer.tooltip }}
      iconProps={{ iconName: "Download" }}
      disabled={!offer.file}
      onClick={() => {
        // Worked out again at the click, so the file carries the date of the click.
        const file = settingsDownload(props.saved, props.unsavedEdits, props.now()).file;
        if (file) saveFile(file.name, SETTINGS_MIME, file.text);
      }}
    />
  );
}

export function ErrorList(props: {
  errors: readonly SettingsError[];
  warning?: boolean;
  onPick?: (path: string) => void;
}): JSX.Element {
  return (
    <section
      className={props.warning ? "sh-problems sh-problems-warn" : "sh-problems"}
      aria-label={props.warning ? "Warnings" : "Problems"}
    >
      <h2 className="sh-h3">
        {props.warning ? `${props.errors.length} warning(s)` : `${props.errors.length} problem(s) to fix before saving`}
      </h2>
      <ul data-testid={props.warning ? "warning-list" : "error-list"}>
        {props.errors.map((e, i) => (
          <li key={i}>
            {props.onPick ? (
              <button type="button" className="sh-link" onClick={() => props.onPick?.(e.path)}>
                <code>{e.path}</code>
              </button>
            ) : (
              <code>{e.path}</code>
            )}{" "}
            {e.message} <span className="sh-fix">{e.fix}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ChangeList(props: { changes: readonly ItemChange[]; label: string }): JSX.Element {
  return (
    <div className="sh-conflict-col">
      <h3 className="sh-h3">{props.label}</h3>
      {props.changes.length === 0 ? (
        <p>No changes.</p>
      ) : (
        SECTIONS.filter((s) => props.changes.some((c) => c.section === s.id)).map((s) => (
          <div key={s.id}>
            <h4 className="sh-h4">{s.name}</h4>
            <ul>
              {props.changes
                .filter((c) => c.section === s.id)
                .map((c, i) => (
                  <li key={i}>
                    {c.kind} {c.item}
                  </li>
                ))}
            </ul>
          </div>
        ))
      )}
    </div>
  );
}

export function ConflictView(props: {
  conflict: Conflict;
  onResolve: (choice: "theirs" | "reapply") => void;
}): JSX.Element {
  const { conflict } = props;
  return (
    <section className="sh-conflict" role="region" aria-label="Concurrent edit" data-testid="conflict">
      <h2 className="sh-h2">Someone else saved the settings while you were editing</h2>
      <p role="alert">
        Your changes were not saved. Their version is {conflict.theirsEtag}. Keep theirs, or re-apply your changes on
        top of theirs and review before saving.
      </p>
      <div className="sh-conflict-cols">
        <ChangeList label="Their changes" changes={conflict.others} />
        <ChangeList label="Your changes" changes={conflict.mine} />
      </div>
      {conflict.merge.clashes.length > 0 && (
        <p className="sh-warning">
          Both of you changed: {conflict.merge.clashes.map((c) => c.item).join(", ")}. Re-applying keeps your version of
          these.
        </p>
      )}
      <div className="sh-row">
        <Button primary text="Re-apply my changes on top of theirs" onClick={() => props.onResolve("reapply")} />
        <Button text="Keep theirs (discard mine)" onClick={() => props.onResolve("theirs")} />
      </div>
    </section>
  );
}

/** Stored settings that do not validate: their JSON to fix and apply, or the defaults to start again from. */
export function InvalidStoredSettings(props: {
  etag: number;
  errors: readonly SettingsError[];
  /** Why the JSON last applied could not be read, if it could not. */
  message?: string;
  rawText: string;
  onRawText(text: string): void;
  onApply(): void;
  onStartFromDefaults(): void;
  downloadButton: React.ReactNode;
  /** The settings record says what no administrator saved: the document below is the last version one did. */
  untrusted?: boolean;
}): JSX.Element {
  return (
    <>
      <MessageCard severity={"Error" as MessageCardSeverity} className="sh-card-msg">
        {props.untrusted
          ? `Someone outside the administrators changed the settings record (revision ${props.etag}), so nothing can be assessed with it. Below is the last version an administrator saved: review it, apply it and save to restore it.`
          : `The stored settings (version ${props.etag}) do not validate, so nothing can be assessed with them. Fix the document below and apply it, then save.`}
      </MessageCard>
      <ErrorList errors={props.errors} />
      {props.message && (
        <p className="sh-field-errors" role="alert">
          {props.message}
        </p>
      )}
      <Text
        label="Stored settings (JSON)"
        value={props.rawText}
        onChange={props.onRawText}
        multiline
        rows={20}
        className="sh-json"
      />
      <div className="sh-row">
        <Button primary text="Apply and edit" onClick={props.onApply} />
        <Button text="Start from the defaults instead" onClick={props.onStartFromDefaults} />
        {props.downloadButton}
      </div>
    </>
  );
}
