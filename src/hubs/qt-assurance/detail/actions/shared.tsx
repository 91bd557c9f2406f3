/**
 * What the approval tabs share: their props, the notes on who may act, the choice of governing body, and how a
 * tab's changes are chained into one recorded change. Actions show only to users listed as assurers of one of
 * the role's bodies; the core record* functions check it again, and the store applies each change to the latest
 * approvals (re-applying it after a conflict).
 */
import * as React from "react";
import { FormItem } from "azure-devops-ui/FormItem";
import { TextField } from "azure-devops-ui/TextField";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Approvals } from "../../../../core/approvals";
import { Assessment } from "../../../../core/assessment";
import { UserRef } from "../../../../core/audit";
import { Result, ok } from "../../../../core/result";
import { GoverningBody } from "../../../../core/roles";
import { Settings } from "../../../../core/settings";
import { ChoiceGroup } from "../ChoiceGroup";
import { DetailModel } from "../load";

export type RecordOutcome = { ok: true } | { ok: false };

export interface ActionProps {
  model: DetailModel;
  settings: Settings;
  me: UserRef;
  now(): Date;
  /** The role's bodies the signed-in user is listed as an assurer for; empty: no actions. */
  assurerBodies: GoverningBody[];
  /** Records a change through the store; the view reports how it went. */
  record(
    change: (approvals: Approvals) => Result<Approvals>,
    what: string,
    describe?: (before: Assessment, after: Assessment) => string,
  ): Promise<RecordOutcome>;
  busy: boolean;
}

export function EnforcementNote({ settings }: { settings: Settings }): JSX.Element {
  return (
    <MessageCard className="qt-enforcement" severity={MessageCardSeverity.Info}>
      {settings.approvalRecords
        ? `What you record here becomes a "${settings.approvalRecords.workItemType}" work item, and counts only because ` +
          "Azure DevOps stamps it with your identity, which the settings list as an assurer of its body. A record " +
          "anyone else writes or changes does not count, and is shown as such."
        : "These actions show only to Code Body assurers listed in settings. Extension data cannot enforce this on the " +
          "server: anyone with access to the extension's data in this organisation could write approvals, and the " +
          "audit log records who each writer says they are, which it cannot prove."}
    </MessageCard>
  );
}

export function ReadOnlyNote(props: { bodies: GoverningBody[] }): JSX.Element {
  return (
    <p className="secondary-text qt-readonly-note">
      Read only: you are not listed in settings as an assurer for {props.bodies.join(" or ") || "this role's bodies"}.
    </p>
  );
}

export function BodyChoice(props: { bodies: GoverningBody[]; value: GoverningBody; onChange(b: GoverningBody): void }) {
  if (props.bodies.length < 2) return null;
  return (
    <ChoiceGroup
      label="Approve as"
      choices={props.bodies.map((b) => ({ id: b, text: b }))}
      selected={props.value}
      onChange={props.onChange}
    />
  );
}

/** Applies several record* changes in turn: all of them, or none. */
export function chain(changes: ((a: Approvals) => Result<Approvals>)[]) {
  return (approvals: Approvals): Result<Approvals> => {
    let current: Result<Approvals> = ok(approvals);
    for (const change of changes) {
      if (!current.ok) return current;
      current = change(current.value);
    }
    return current;
  };
}

export const windowOf = (a: Assessment) => a.window?.id ?? "";

/** A labelled text field of an approval form, with the form's error under it, announced when it appears. */
export function FormText(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Marks the field and is shown under it. */
  error?: string;
  multiline?: boolean;
  required?: boolean;
  autoFocus?: boolean;
}): JSX.Element {
  return (
    <>
      <FormItem label={props.label} error={!!props.error}>
        <TextField
          value={props.value}
          onChange={(_e, v) => props.onChange(v)}
          multiline={props.multiline}
          rows={props.multiline ? 3 : undefined}
          required={props.required}
          autoFocus={props.autoFocus}
        />
      </FormItem>
      {props.error && (
        <p className="qt-form-error" role="alert">
          {props.error}
        </p>
      )}
    </>
  );
}
