import {
  EditorAction,
  EditorState,
  INITIAL_EDITOR_STATE,
  editorReducer,
  hasEditableShape,
  isDirty,
  summariseChanges,
} from "../../../../src/hubs/settings/editor-state";
import { diffSettings } from "../../../../src/hubs/settings/merge";
import { settings } from "../../../support/builders";

/** The settings hub's document state, transition by transition, without a browser. */
const run = (...actions: EditorAction[]): EditorState => actions.reduce(editorReducer, INITIAL_EDITOR_STATE);
const STORED = settings();
const rename = (name: string): EditorAction => ({
  type: "edit",
  change: (d) => {
    d.registry[0].participantName = name;
  },
});

describe("the settings editor's state", () => {
  it("edits a copy of what was stored, and discards back to it", () => {
    const loaded = run({ type: "loaded", settings: STORED, etag: 3 });
    expect(loaded.load).toEqual({ phase: "ready" });
    expect(isDirty(loaded.editor)).toBe(false);
    expect(loaded.saved).toEqual({ kind: "ok", settings: STORED, etag: 3 });
    const edited = editorReducer(loaded, rename("Renamed"));
    expect(isDirty(edited.editor)).toBe(true);
    expect(STORED.registry[0].participantName).toBe("Alpha Energy");
    expect(summariseChanges(diffSettings(edited.editor!.base, edited.editor!.draft))).toBe("Participant registry: 1");
    const discarded = editorReducer(edited, { type: "discard" });
    expect(isDirty(discarded.editor)).toBe(false);
    expect(discarded.notice).toEqual({ tone: "info", text: "Your changes were discarded." });
  });

  it("starts from the defaults when nothing is stored, as unsaved", () => {
    const state = run({ type: "loaded-nothing" });
    expect(state.editor?.stored).toBe("missing");
    expect(isDirty(state.editor)).toBe(true);
    expect(state.saved).toEqual({ kind: "missing" });
  });

  it("keeps edits made while saving as unsaved changes", () => {
    const loaded = run({ type: "loaded", settings: STORED, etag: 3 }, rename("First"));
    const draft = loaded.editor!.draft;
    const during = editorReducer(editorReducer(loaded, { type: "save-started" }), rename("Second"));
    expect(during.saving).toBe(true);
    const saved = editorReducer(during, { type: "saved", draft, etag: 4, auditRecorded: false });
    expect(saved.saving).toBe(false);
    expect(saved.editor?.etag).toBe(4);
    expect(saved.editor?.base.registry[0].participantName).toBe("First");
    expect(saved.editor?.draft.registry[0].participantName).toBe("Second");
    expect(isDirty(saved.editor)).toBe(true);
    expect(saved.notice).toEqual({ tone: "success", text: "Saved (version 4). The audit log could not record it." });
  });

  it("shows a concurrent save as a conflict, then keeps theirs or re-applies mine", () => {
    const theirs = settings((s) => {
      s.windows[1].name = "Wave 1";
    });
    const conflicted = run(
      { type: "loaded", settings: STORED, etag: 3 },
      rename("Mine"),
      { type: "save-started" },
      { type: "conflict", theirs, theirsEtag: 5 },
    );
    expect(conflicted.saving).toBe(false);
    expect(conflicted.saved).toEqual({ kind: "ok", settings: theirs, etag: 5 });
    expect(conflicted.conflict?.mine).toHaveLength(1);
    expect(conflicted.conflict?.others).toHaveLength(1);
    const reapplied = editorReducer(conflicted, { type: "resolve", choice: "reapply" });
    expect(reapplied.conflict).toBeUndefined();
    expect(reapplied.editor?.etag).toBe(5);
    expect(reapplied.editor?.draft.registry[0].participantName).toBe("Mine");
    expect(reapplied.editor?.draft.windows[1].name).toBe("Wave 1");
    const kept = editorReducer(conflicted, { type: "resolve", choice: "theirs" });
    expect(kept.editor?.draft).toEqual(theirs);
    expect(isDirty(kept.editor)).toBe(false);
  });

  it("says so when the stored settings vanished during a save", () => {
    const state = run(
      { type: "loaded", settings: STORED, etag: 3 },
      { type: "save-started" },
      { type: "conflict-unreadable", stored: "missing" },
    );
    expect(state.editor).toMatchObject({ stored: "missing", etag: undefined });
    expect(state.saved).toEqual({ kind: "missing" });
    expect(state.notice?.tone).toBe("error");
  });

  it("lets invalid stored settings be fixed as JSON, or replaced by the defaults", () => {
    const invalid = run({ type: "loaded-invalid", errors: [], raw: { defects: 1 }, etag: 7 });
    expect(invalid.load).toMatchObject({ phase: "invalid", etag: 7 });
    expect(invalid.rawText).toBe('{\n  "defects": 1\n}');
    expect(invalid.saved).toEqual({ kind: "invalid", raw: { defects: 1 }, etag: 7 });
    const applied = editorReducer(invalid, { type: "apply-raw", settings: STORED });
    expect(applied.load).toEqual({ phase: "ready" });
    expect(applied.editor).toMatchObject({ stored: "invalid", etag: 7 });
    const defaults = editorReducer(invalid, { type: "start-from-defaults" });
    expect(defaults.editor?.stored).toBe("invalid");
    expect(editorReducer(applied, { type: "start-from-defaults" })).toBe(applied);
  });

  it("knows a document the sections can edit", () => {
    expect(hasEditableShape(STORED)).toBe(true);
    expect(hasEditableShape({ defects: 1 })).toBe(false);
    expect(hasEditableShape(null)).toBe(false);
  });
});
