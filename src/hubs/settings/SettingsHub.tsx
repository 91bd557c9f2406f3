/**
 * The settings hub: loads the stored settings (or the defaults when none are saved), edits them section by
 * section, checks them with validateSettings and against the organisation's live metadata, and saves with the
 * etag it read. A concurrent save is shown as a conflict: the stored version is re-read, both sides' changes are
 * listed, and the user keeps theirs or re-applies their own on top; nothing is overwritten silently. What is stored
 * (not the draft) can be downloaded as JSON at any time (download.ts).
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Page } from "azure-devops-ui/Page";
import { Spinner } from "azure-devops-ui/Spinner";
import { Tab, TabBar, TabSize } from "azure-devops-ui/Tabs";
import { Discovery, discoverRegistry } from "../../ado/registry-discovery";
import { SETTINGS_DOCUMENT_ID, storeCollections } from "../../ado/store";
import { Result } from "../../core/result";
import { Settings, defaultSettings } from "../../core/settings";
import { SettingsError, validateSettings } from "../../core/validate-settings";
import { HubData } from "../../ui/hub-data";
import { saveFile } from "../../ui/save-file";
import { TypeCatalog } from "./catalog";
import { LiveMetadata, coversSettings, describeError, readAllPlans, readAreaTree, readLiveMetadata } from "./live";
import { checkAgainstLive } from "./live-check";
import { SETTINGS_MIME, SavedSettings, settingsDownload } from "./download";
import { ItemChange, Merge, SECTIONS, SectionId, diffSettings, mergeSettings, sameValue } from "./merge";
import { RegistrySection } from "./registry";
import { AssurersSection, DefectsSection, RolesSection, WindowsSection } from "./sections";
import { Pill, Text } from "./widgets";
import { useLatest } from "../../ui/use-latest";

export interface SettingsHubProps {
  data: HubData;
  catalog: TypeCatalog;
  now?: () => Date;
  /** Called once the first load has finished (either way), for the host's loading indicator. */
  onLoaded?: (error?: unknown) => void;
}

type Stored = "missing" | "ok" | "invalid";

interface Editor {
  stored: Stored;
  /** The version the edit started from. */
  base: Settings;
  draft: Settings;
  etag: number | undefined;
}

interface Conflict {
  theirs: Settings;
  theirsEtag: number;
  mine: ItemChange[];
  others: ItemChange[];
  merge: Merge;
}

type Load =
  | { phase: "loading" }
  | { phase: "failed"; message: string }
  | { phase: "invalid"; errors: SettingsError[]; raw: string; etag: number }
  | { phase: "ready" };

type Notice = { tone: "success" | "error" | "info"; text: string } | undefined;

const SETTINGS_OP = `GET ExtensionManagement/Data/Default/${storeCollections().settings}/Documents/${SETTINGS_DOCUMENT_ID}`;
const SAVE_OP = `PUT ExtensionManagement/Data/Default/${storeCollections().settings}/Documents`;

/** Which tab shows a path's setting. */
export function sectionOfPath(path: string): SectionId {
  const m = /^\$\.(\w+)/.exec(path);
  const first = m?.[1];
  return SECTIONS.some((s) => s.id === first) ? (first as SectionId) : "defects";
}

function summarise(changes: readonly ItemChange[]): string {
  if (changes.length === 0) return "no changes";
  return SECTIONS.map((s) => ({ s, n: changes.filter((c) => c.section === s.id).length }))
    .filter(({ n }) => n > 0)
    .map(({ s, n }) => `${s.name}: ${n}`)
    .join("; ");
}

export function SettingsHub(props: SettingsHubProps): JSX.Element {
  const { data, catalog } = props;
  const now = props.now ?? (() => new Date());
  const [load, setLoad] = React.useState<Load>({ phase: "loading" });
  const [editor, setEditor] = React.useState<Editor | undefined>(undefined);
  const [live, setLive] = React.useState<LiveMetadata | undefined>(undefined);
  const [checking, setChecking] = React.useState(false);
  const [tab, setTab] = React.useState<SectionId>("defects");
  const [saving, setSaving] = React.useState(false);
  const [notice, setNotice] = React.useState<Notice>(undefined);
  const [conflict, setConflict] = React.useState<Conflict | undefined>(undefined);
  const [rawText, setRawText] = React.useState("");
  const [rawErrors, setRawErrors] = React.useState<SettingsError[] | string | undefined>(undefined);
  /** What is stored, as last read or saved: what "Download settings (JSON)" offers, whatever the draft says. */
  const [saved, setSaved] = React.useState<SavedSettings | undefined>(undefined);
  const loadedOnce = React.useRef(false);

  const reportLoaded = (error?: unknown) => {
    if (loadedOnce.current) return;
    loadedOnce.current = true;
    props.onLoaded?.(error);
  };

  // It reads a ref and a prop callback: reloading must not depend on the callback's identity.
  const loadedReporter = useLatest(reportLoaded);
  const loadStored = React.useCallback(async () => {
    setLoad({ phase: "loading" });
    setConflict(undefined);
    try {
      const result = await data.caller.call(SETTINGS_OP, () => data.store.loadSettings());
      if (result.kind === "ok") {
        setEditor({ stored: "ok", base: result.settings, draft: structuredClone(result.settings), etag: result.etag });
        setSaved({ kind: "ok", settings: structuredClone(result.settings), etag: result.etag });
        setLoad({ phase: "ready" });
      } else if (result.kind === "missing") {
        const defaults = defaultSettings();
        setEditor({ stored: "missing", base: defaults, draft: structuredClone(defaults), etag: undefined });
        setSaved({ kind: "missing" });
        setLoad({ phase: "ready" });
      } else {
        const doc = await data.caller.call(SETTINGS_OP, () =>
          data.port.getDocument(
            { scopeType: "Default", collection: storeCollections().settings },
            SETTINGS_DOCUMENT_ID,
          ),
        );
        const raw = JSON.stringify(doc?.settings ?? null, null, 2);
        setRawText(raw);
        setRawErrors(undefined);
        setEditor(undefined);
        setSaved({ kind: "invalid", raw: structuredClone(doc?.settings ?? null), etag: result.etag });
        setLoad({ phase: "invalid", errors: result.errors, raw, etag: result.etag });
      }
      loadedReporter.current();
    } catch (error) {
      setLoad({ phase: "failed", message: describeError(error) });
      loadedReporter.current(error);
    }
  }, [data, loadedReporter]);

  React.useEffect(() => {
    void loadStored();
  }, [loadStored]);

  const draft = editor?.draft;

  // Read the live metadata the draft needs whenever its defect types or severity field are not covered yet.
  const needsLive = draft !== undefined && (live === undefined || !coversSettings(live, draft));
  // Re-read only when the coverage changes, not on every edit: the rest is read through a ref.
  const coverage = draft ? `${draft.defects.severityField}\u0000${draft.defects.workItemTypes.join("\u0000")}` : "";
  const liveInputs = useLatest({ data, catalog, draft, live });
  React.useEffect(() => {
    const { data, catalog, draft, live } = liveInputs.current;
    if (!draft || !needsLive) return;
    let current = true;
    setChecking(true);
    void readLiveMetadata(data, catalog, draft, live).then((m) => {
      if (!current) return;
      setLive(m);
      setChecking(false);
    });
    return () => {
      current = false;
    };
  }, [needsLive, coverage, liveInputs]);

  const schema = React.useMemo(() => (draft ? validateSettings(draft) : undefined), [draft]);
  const liveCheck = React.useMemo(
    () => (draft && live && coversSettings(live, draft) && schema?.valid ? checkAgainstLive(draft, live) : undefined),
    [draft, live, schema],
  );
  const errors: SettingsError[] = [...(schema && !schema.valid ? schema.errors : []), ...(liveCheck?.errors ?? [])];
  const warnings = liveCheck?.warnings ?? [];
  const changes = editor ? diffSettings(editor.base, editor.draft) : [];
  const dirty = editor !== undefined && (editor.stored !== "ok" || !sameValue(editor.base, editor.draft));
  const checked = liveCheck !== undefined && !checking;
  const canSave = dirty && !saving && errors.length === 0 && checked && conflict === undefined;

  const update = React.useCallback((change: (d: Settings) => void) => {
    setEditor((e) => {
      if (!e) return e;
      const next = structuredClone(e.draft);
      change(next);
      return { ...e, draft: next };
    });
    setNotice(undefined);
  }, []);

  const discover = React.useCallback(async (): Promise<Result<Discovery>> => {
    const [areaTree, plans] = await Promise.all([readAreaTree(data), readAllPlans(data)]);
    return discoverRegistry({ areaTree, plans }, editor?.draft ?? defaultSettings());
  }, [data, editor?.draft]);

  async function validateNow() {
    if (!draft) return;
    setChecking(true);
    const fresh = await readLiveMetadata(data, catalog, draft);
    setLive(fresh);
    setChecking(false);
    const s = validateSettings(draft);
    const l = s.valid ? checkAgainstLive(draft, fresh) : { errors: [], warnings: [] };
    const n = (s.valid ? 0 : s.errors.length) + l.errors.length;
    setNotice(
      n === 0
        ? {
            tone: "success",
            text: `The settings are valid against the live metadata${l.warnings.length ? ` (${l.warnings.length} warning(s))` : ""}.`,
          }
        : { tone: "error", text: `${n} problem(s) to fix before saving: see the list above the sections.` },
    );
  }

  async function save() {
    if (!editor || !canSave) return;
    setSaving(true);
    setNotice(undefined);
    try {
      const detail = `settings saved (${summarise(changes)})`;
      const result = await data.caller.call(SAVE_OP, () =>
        data.store.saveSettings(editor.draft, editor.etag, { by: data.me, now: now(), detail }),
      );
      if (result.kind === "saved") {
        setEditor({ stored: "ok", base: structuredClone(editor.draft), draft: editor.draft, etag: result.etag });
        setSaved({ kind: "ok", settings: structuredClone(editor.draft), etag: result.etag });
        const auditNote = result.audit && result.audit.kind !== "appended" ? " The audit log could not record it." : "";
        setNotice({ tone: "success", text: `Saved (version ${result.etag}).${auditNote}` });
      } else if (result.kind === "invalid") {
        setNotice({
          tone: "error",
          text: `Not saved: ${result.errors.map((e) => `${e.path}: ${e.message}`).join(" ")}`,
        });
      } else {
        await showConflict(editor);
      }
    } catch (error) {
      setNotice({ tone: "error", text: `Not saved: ${describeError(error)}` });
    } finally {
      setSaving(false);
    }
  }

  async function showConflict(mineEditor: Editor) {
    const theirs = await data.caller.call(SETTINGS_OP, () => data.store.loadSettings());
    if (theirs.kind !== "ok") {
      setNotice({
        tone: "error",
        text:
          theirs.kind === "missing"
            ? "Someone else removed the stored settings after you opened them. Save again to store yours."
            : "Someone else saved settings that do not validate after you opened them. Reload to see and fix them.",
      });
      if (theirs.kind === "missing") {
        setEditor({ ...mineEditor, etag: undefined, stored: "missing" });
        setSaved({ kind: "missing" });
      }
      return;
    }
    // Theirs is what is stored now, so it is what a download gives.
    setSaved({ kind: "ok", settings: structuredClone(theirs.settings), etag: theirs.etag });
    setConflict({
      theirs: theirs.settings,
      theirsEtag: theirs.etag,
      mine: diffSettings(mineEditor.base, mineEditor.draft),
      others: diffSettings(mineEditor.base, theirs.settings),
      merge: mergeSettings(mineEditor.base, mineEditor.draft, theirs.settings),
    });
  }

  function resolve(choice: "theirs" | "reapply") {
    if (!conflict) return;
    const draftNext = choice === "theirs" ? structuredClone(conflict.theirs) : conflict.merge.merged;
    setEditor({ stored: "ok", base: conflict.theirs, draft: draftNext, etag: conflict.theirsEtag });
    setConflict(undefined);
    setNotice({
      tone: "info",
      text:
        choice === "theirs"
          ? "You now have their version; your changes were discarded."
          : "Your changes are applied on top of theirs. Check them and save.",
    });
  }

  function applyRaw() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText);
    } catch (error) {
      setRawErrors(`Not JSON: ${describeError(error)}`);
      return;
    }
    const v = validateSettings(parsed);
    const shapeErrors = v.valid ? [] : v.errors;
    // The sections need the document's shape; other problems (dates, duplicates) are fixed there.
    const shapeOk = v.valid || validateSettingsShapeOnly(parsed);
    if (!shapeOk) {
      setRawErrors(shapeErrors);
      return;
    }
    if (load.phase !== "invalid") return;
    const settings = parsed as Settings;
    setEditor({ stored: "invalid", base: structuredClone(settings), draft: settings, etag: load.etag });
    setLoad({ phase: "ready" });
  }

  function startFromDefaults() {
    if (load.phase !== "invalid") return;
    const d = defaultSettings();
    setEditor({ stored: "invalid", base: structuredClone(d), draft: d, etag: load.etag });
    setLoad({ phase: "ready" });
  }

  const downloadButton = saved && (
    <DownloadButton
      saved={saved}
      unsavedEdits={saved.kind === "ok" && editor !== undefined && !sameValue(saved.settings, editor.draft)}
      now={now}
    />
  );

  const title = (
    <div className="sh-title-row">
      <h1 className="sh-h1">QT Assurance settings</h1>
      {dirty && editor?.stored === "ok" && <Pill tone="warn">Unsaved changes</Pill>}
      {editor?.stored === "missing" && <Pill tone="info">Nothing saved yet</Pill>}
    </div>
  );

  if (load.phase === "loading") {
    return (
      <Page className="sh-page">
        {title}
        <div className="sh-center">
          <Spinner label="Loading the settings…" />
        </div>
      </Page>
    );
  }
  if (load.phase === "failed") {
    return (
      <Page className="sh-page">
        {title}
        <MessageCard severity={"Error" as MessageCardSeverity} className="sh-card-msg">
          The settings could not be read: {load.message} Check your connection and permissions, then retry.
        </MessageCard>
        <Button text="Retry" onClick={() => void loadStored()} />
      </Page>
    );
  }
  if (load.phase === "invalid") {
    const list = Array.isArray(rawErrors) ? rawErrors : load.errors;
    return (
      <Page className="sh-page">
        {title}
        <MessageCard severity={"Error" as MessageCardSeverity} className="sh-card-msg">
          The stored settings (version {load.etag}) do not validate, so nothing can be assessed with them. Fix the
          document below and apply it, then save.
        </MessageCard>
        <ErrorList errors={list} />
        {typeof rawErrors === "string" && (
          <p className="sh-field-errors" role="alert">
            {rawErrors}
          </p>
        )}
        <Text
          label="Stored settings (JSON)"
          value={rawText}
          onChange={setRawText}
          multiline
          rows={20}
          className="sh-json"
        />
        <div className="sh-row">
          <Button primary text="Apply and edit" onClick={applyRaw} />
          <Button text="Start from the defaults instead" onClick={startFromDefaults} />
          {downloadButton}
        </div>
      </Page>
    );
  }
  if (!editor || !draft) return <Page className="sh-page">{title}</Page>;

  const sectionProps = { settings: draft, update, errors, warnings, live };
  const countFor = (id: SectionId) => errors.filter((e) => sectionOfPath(e.path) === id).length;

  return (
    <Page className="sh-page">
      {title}
      <div className="sh-toolbar" role="toolbar" aria-label="Settings actions">
        <Button
          primary
          text={saving ? "Saving…" : "Save"}
          disabled={!canSave}
          onClick={() => void save()}
          iconProps={{ iconName: "Save" }}
        />
        <Button
          text={checking ? "Checking…" : "Validate"}
          disabled={checking}
          onClick={() => void validateNow()}
          iconProps={{ iconName: "CheckMark" }}
        />
        <Button
          text="Discard changes"
          disabled={!dirty || editor.stored !== "ok"}
          onClick={() => {
            setEditor({ ...editor, draft: structuredClone(editor.base) });
            setNotice({ tone: "info", text: "Your changes were discarded." });
          }}
          iconProps={{ iconName: "Undo" }}
        />
        <Button text="Reload" onClick={() => void loadStored()} disabled={saving} iconProps={{ iconName: "Refresh" }} />
        {downloadButton}
        <span className="sh-status" role="status" aria-live="polite">
          {editor.stored === "missing"
            ? "Nothing is saved yet: these are the defaults. Review them and save."
            : editor.stored === "invalid"
              ? "Fixing invalid stored settings: save to replace them."
              : dirty
                ? `Unsaved changes (${summarise(changes)}).`
                : `Version ${editor.etag ?? "-"}, no unsaved changes.`}
          {checking
            ? " Checking against the organisation…"
            : !checked && errors.length === 0
              ? " Not checked against the organisation yet."
              : ""}
        </span>
      </div>
      {notice && (
        <MessageCard
          className="sh-card-msg"
          severity={
            (notice.tone === "error" ? "Error" : notice.tone === "success" ? "Info" : "Info") as MessageCardSeverity
          }
          onDismiss={() => setNotice(undefined)}
        >
          <span data-testid="notice">{notice.text}</span>
        </MessageCard>
      )}
      {conflict && <ConflictView conflict={conflict} onResolve={resolve} />}
      {errors.length > 0 && <ErrorList errors={errors} onPick={(p) => setTab(sectionOfPath(p))} />}
      {warnings.length > 0 && <ErrorList errors={warnings} warning onPick={(p) => setTab(sectionOfPath(p))} />}
      <TabBar
        selectedTabId={tab}
        onSelectedTabChanged={(id) => setTab(id as SectionId)}
        tabSize={"compact" as TabSize}
        className="sh-tabs"
      >
        {SECTIONS.map((s) => (
          <Tab key={s.id} id={s.id} name={s.name} badgeCount={countFor(s.id) || undefined} />
        ))}
      </TabBar>
      <div className="sh-body" role="tabpanel" aria-label={SECTIONS.find((s) => s.id === tab)?.name}>
        {tab === "defects" && <DefectsSection {...sectionProps} />}
        {tab === "registry" && <RegistrySection {...sectionProps} discover={discover} />}
        {tab === "windows" && <WindowsSection {...sectionProps} />}
        {tab === "roles" && <RolesSection {...sectionProps} />}
        {tab === "assurers" && <AssurersSection {...sectionProps} />}
      </div>
    </Page>
  );
}

/** "Download settings (JSON)": the stored document, never the draft; disabled, with the reason, when none is stored. */
function DownloadButton(props: { saved: SavedSettings; unsavedEdits: boolean; now: () => Date }): JSX.Element {
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

/** True when a document has the top-level shape the sections edit (the arrays and objects they index into). */
function validateSettingsShapeOnly(value: unknown): boolean {
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

function ErrorList(props: {
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

function ConflictView(props: { conflict: Conflict; onResolve: (choice: "theirs" | "reapply") => void }): JSX.Element {
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
