/**
 * The settings hub's document state, as one reducer: what is stored (and how it was read), the draft being
 * edited, a concurrent save's conflict, the notice shown, and the raw JSON of invalid stored settings. Pure: the
 * hub reads and writes Azure DevOps and tells the reducer what happened; every transition is testable without a
 * browser.
 */
import { Settings, defaultSettings } from "../../core/settings";
import { SettingsError } from "../../core/validate-settings";
import { SavedSettings } from "./download";
import { ItemChange, Merge, SECTIONS, diffSettings, mergeSettings, sameValue } from "./merge";

export type Stored = "missing" | "ok" | "invalid";

export interface Editor {
  stored: Stored;
  /** The version the edit started from. */
  base: Settings;
  draft: Settings;
  etag: number | undefined;
}

export interface Conflict {
  theirs: Settings;
  theirsEtag: number;
  mine: ItemChange[];
  others: ItemChange[];
  merge: Merge;
}

export type Load =
  | { phase: "loading" }
  | { phase: "failed"; message: string }
  | { phase: "invalid"; errors: SettingsError[]; raw: string; etag: number }
  | { phase: "ready" };

export type Notice = { tone: "success" | "error" | "info"; text: string } | undefined;

export interface EditorState {
  load: Load;
  editor: Editor | undefined;
  conflict: Conflict | undefined;
  /** What is stored, as last read or saved: what "Download settings (JSON)" offers, whatever the draft says. */
  saved: SavedSettings | undefined;
  notice: Notice;
  saving: boolean;
  /** The invalid stored document as JSON text, as the user fixes it, and what is still wrong with it. */
  rawText: string;
  rawErrors: SettingsError[] | string | undefined;
}

export const INITIAL_EDITOR_STATE: EditorState = {
  load: { phase: "loading" },
  editor: undefined,
  conflict: undefined,
  saved: undefined,
  notice: undefined,
  saving: false,
  rawText: "",
  rawErrors: undefined,
};

export type EditorAction =
  | { type: "load-started" }
  | { type: "loaded"; settings: Settings; etag: number }
  | { type: "loaded-nothing" }
  | { type: "loaded-invalid"; errors: SettingsError[]; raw: unknown; etag: number }
  | { type: "load-failed"; message: string }
  /** `change` edits a copy of the draft in place. */
  | { type: "edit"; change: (draft: Settings) => void }
  | { type: "discard" }
  | { type: "notice"; notice: Notice }
  | { type: "save-started" }
  /** `draft` is what was saved: edits made while it was saving stay unsaved changes. */
  | { type: "saved"; draft: Settings; etag: number; auditRecorded: boolean }
  | { type: "save-failed"; text: string }
  /** A concurrent save was found: theirs is what is stored now. */
  | { type: "conflict"; theirs: Settings; theirsEtag: number }
  | { type: "conflict-unreadable"; stored: "missing" | "invalid" }
  | { type: "resolve"; choice: "theirs" | "reapply" }
  | { type: "raw-text"; text: string }
  | { type: "raw-errors"; errors: SettingsError[] | string }
  | { type: "apply-raw"; settings: Settings }
  | { type: "start-from-defaults" };

const editorOf = (stored: Stored, base: Settings, etag: number | undefined): Editor => ({
  stored,
  base,
  draft: structuredClone(base),
  etag,
});

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "load-started":
      return { ...state, load: { phase: "loading" }, conflict: undefined };
    case "loaded":
      return {
        ...state,
        editor: editorOf("ok", action.settings, action.etag),
        saved: { kind: "ok", settings: structuredClone(action.settings), etag: action.etag },
        load: { phase: "ready" },
      };
    case "loaded-nothing":
      return {
        ...state,
        editor: editorOf("missing", defaultSettings(), undefined),
        saved: { kind: "missing" },
        load: { phase: "ready" },
      };
    case "loaded-invalid": {
      const raw = JSON.stringify(action.raw ?? null, null, 2);
      return {
        ...state,
        rawText: raw,
        rawErrors: undefined,
        editor: undefined,
        saved: { kind: "invalid", raw: structuredClone(action.raw ?? null), etag: action.etag },
        load: { phase: "invalid", errors: action.errors, raw, etag: action.etag },
      };
    }
    case "load-failed":
      return { ...state, load: { phase: "failed", message: action.message } };
    case "edit": {
      if (!state.editor) return state;
      const draft = structuredClone(state.editor.draft);
      action.change(draft);
      return { ...state, editor: { ...state.editor, draft }, notice: undefined };
    }
    case "discard":
      if (!state.editor) return state;
      return {
        ...state,
        editor: { ...state.editor, draft: structuredClone(state.editor.base) },
        notice: { tone: "info", text: "Your changes were discarded." },
      };
    case "notice":
      return { ...state, notice: action.notice };
    case "save-started":
      return { ...state, saving: true, notice: undefined };
    case "saved": {
      const draft = state.editor?.draft ?? action.draft;
      return {
        ...state,
        saving: false,
        editor: { stored: "ok", base: structuredClone(action.draft), draft, etag: action.etag },
        saved: { kind: "ok", settings: structuredClone(action.draft), etag: action.etag },
        notice: {
          tone: "success",
          text: `Saved (version ${action.etag}).${action.auditRecorded ? "" : " The audit log could not record it."}`,
        },
      };
    }
    case "save-failed":
      return { ...state, saving: false, notice: { tone: "error", text: action.text } };
    case "conflict": {
      if (!state.editor) return { ...state, saving: false };
      const mine = state.editor;
      return {
        ...state,
        saving: false,
        // Theirs is what is stored now, so it is what a download gives.
        saved: { kind: "ok", settings: structuredClone(action.theirs), etag: action.theirsEtag },
        conflict: {
          theirs: action.theirs,
          theirsEtag: action.theirsEtag,
          mine: diffSettings(mine.base, mine.draft),
          others: diffSettings(mine.base, action.theirs),
          merge: mergeSettings(mine.base, mine.draft, action.theirs),
        },
      };
    }
    case "conflict-unreadable":
      if (action.stored === "missing")
        return {
          ...state,
          saving: false,
          editor: state.editor && { ...state.editor, etag: undefined, stored: "missing" },
          saved: { kind: "missing" },
          notice: {
            tone: "error",
            text: "Someone else removed the stored settings after you opened them. Save again to store yours.",
          },
        };
      return {
        ...state,
        saving: false,
        notice: {
          tone: "error",
          text: "Someone else saved settings that do not validate after you opened them. Reload to see and fix them.",
        },
      };
    case "resolve": {
      const conflict = state.conflict;
      if (!conflict) return state;
      const draft = action.choice === "theirs" ? structuredClone(conflict.theirs) : conflict.merge.merged;
      return {
        ...state,
        editor: { stored: "ok", base: conflict.theirs, draft, etag: conflict.theirsEtag },
        conflict: undefined,
        notice: {
          tone: "info",
          text:
            action.choice === "theirs"
              ? "You now have their version; your changes were discarded."
              : "Your changes are applied on top of theirs. Check them and save.",
        },
      };
    }
    case "raw-text":
      return { ...state, rawText: action.text };
    case "raw-errors":
      return { ...state, rawErrors: action.errors };
    case "apply-raw":
      if (state.load.phase !== "invalid") return state;
      return {
        ...state,
        editor: {
          stored: "invalid",
          base: structuredClone(action.settings),
          draft: action.settings,
          etag: state.load.etag,
        },
        load: { phase: "ready" },
      };
    case "start-from-defaults":
      if (state.load.phase !== "invalid") return state;
      return { ...state, editor: editorOf("invalid", defaultSettings(), state.load.etag), load: { phase: "ready" } };
  }
}

/** Unsaved edits: anything not yet stored, or a draft that differs from what it started from. */
export function isDirty(editor: Editor | undefined): boolean {
  return editor !== undefined && (editor.stored !== "ok" || !sameValue(editor.base, editor.draft));
}

/** "Defects: 2; Registry: 1": the changes by section, for the status line and the audit entry. */
export function summariseChanges(changes: readonly ItemChange[]): string {
  if (changes.length === 0) return "no changes";
  return SECTIONS.map((s) => ({ s, n: changes.filter((c) => c.section === s.id).length }))
    .filter(({ n }) => n > 0)
    .map(({ s, n }) => `${s.name}: ${n}`)
    .join("; ");
}

/** True when a document has the top-level shape the sections edit (the arrays and objects they index into). */
export function hasEditableShape(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  const d = v.defects as Record<string, unknown> | undefined;
  return (
    Array.isArray(v.registry) &&
    Array.isArray(v.windows) &&
    Array.isArray(v.roles) &&
    Array.isArray(v.assurers) &&
    !!d &&
    Array.isArray(d.workItemTypes) &&
    Array.isArray(d.stateOverrides) &&
    typeof d.severityMap === "object" &&
    typeof d.severityField === "string" &&
    typeof d.impactField === "string" &&
    typeof d.mitigationField === "string"
  );
}
