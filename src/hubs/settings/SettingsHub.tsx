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
import { withoutTeamAssurers } from "../../core/assurer-teams";
import { Assurer, Settings, defaultSettings } from "../../core/settings";
import { SETTINGS_TEAM } from "../../core/settings-record";
import { SettingsOrigin } from "../../ado/store-types";
import { SettingsError, validateSettings } from "../../core/validate-settings";
import { HubData } from "../../ui/hub-data";
import { TypeCatalog } from "./catalog";
import { LiveMetadata, coversSettings, describeError, readAllPlans, readAreaTree, readLiveMetadata } from "./live";
import { checkAgainstLive } from "./live-check";
import { INITIAL_EDITOR_STATE, editorReducer, hasEditableShape, isDirty, summariseChanges } from "./editor-state";
import { SECTIONS, SectionId, diffSettings, sameValue } from "./merge";
import { RegistrySection } from "./registry";
import { AssurersSection, DefectsSection, RolesSection, WindowsSection } from "./sections";
import { TraceabilitySection } from "./traceability";
import { ConflictView, DownloadButton, ErrorList, InvalidStoredSettings } from "./views";
import { HealthSection } from "./health";
import { HistorySection } from "./history";
import { Pill } from "./widgets";
import { useLatest } from "../../ui/use-latest";

/** Where the stored settings are kept, and what is read from Azure DevOps beside them. */
interface Protection {
  origin: SettingsOrigin | undefined;
  /** Settings records that do not count, each with why. */
  ignored: string[];
  /** Assurers read from the teams the settings name: shown, never saved. */
  teamAssurers: Assurer[];
  /** The settings record says what no administrator saved. */
  untrusted: boolean;
}

/**
 * What is stored, for the invalid-settings view: a settings record's last version an administrator saved (to restore
 * it, or edit it first), or else the extension's data document.
 */
async function rawStored(data: HubData): Promise<unknown> {
  const versions = (await data.store.settingsHistory?.()) ?? [];
  const last = [...versions].reverse().find((v) => v.byAdministrator && !v.deleted);
  if (last) {
    try {
      return JSON.parse(last.text) as unknown;
    } catch {
      return last.text;
    }
  }
  const doc = await data.api.getDocument(
    { scopeType: "Default", collection: storeCollections().settings },
    SETTINGS_DOCUMENT_ID,
  );
  return doc?.settings ?? null;
}

export interface SettingsHubProps {
  data: HubData;
  catalog: TypeCatalog;
  now?: () => Date;
  /** Called once the first load has finished (either way), for the host's loading indicator. */
  onLoaded?: (error?: unknown) => void;
}

/** Which tab shows a path's setting. */
export function sectionOfPath(path: string): SectionId {
  const m = /^\$\.(\w+)/.exec(path);
  const first = m?.[1];
  return SECTIONS.some((s) => s.id === first) ? (first as SectionId) : "defects";
}

export function SettingsHub(props: SettingsHubProps): JSX.Element {
  const { data, catalog } = props;
  const now = props.now ?? (() => new Date());
  const [state, dispatch] = React.useReducer(editorReducer, INITIAL_EDITOR_STATE);
  const { load, editor, conflict, saved, notice, saving, rawText, rawErrors } = state;
  const [live, setLive] = React.useState<LiveMetadata | undefined>(undefined);
  const [checking, setChecking] = React.useState(false);
  const [tab, setTab] = React.useState<SectionId | "health" | "history">("defects");
  const [protection, setProtection] = React.useState<Protection>({
    origin: undefined,
    ignored: [],
    teamAssurers: [],
    untrusted: false,
  });
  const [protecting, setProtecting] = React.useState(false);
  const loadedOnce = React.useRef(false);

  const reportLoaded = (error?: unknown) => {
    if (loadedOnce.current) return;
    loadedOnce.current = true;
    props.onLoaded?.(error);
  };

  // It reads a ref and a prop callback: reloading must not depend on the callback's identity.
  const loadedReporter = useLatest(reportLoaded);
  const loadStored = React.useCallback(async () => {
    dispatch({ type: "load-started" });
    try {
      const result = await data.store.loadSettings();
      setProtection({
        origin: result.kind === "missing" ? undefined : result.origin,
        ignored: result.kind === "missing" ? [] : (result.ignored ?? []),
        teamAssurers: result.kind === "ok" ? result.settings.assurers.filter((a) => a.team !== undefined) : [],
        untrusted: result.kind === "invalid" && result.untrusted === true,
      });
      // The editor works on the settings as they are kept: assurers read from teams are shown, never saved.
      if (result.kind === "ok")
        dispatch({ type: "loaded", settings: withoutTeamAssurers(result.settings), etag: result.etag });
      else if (result.kind === "missing") dispatch({ type: "loaded-nothing" });
      else dispatch({ type: "loaded-invalid", errors: result.errors, raw: await rawStored(data), etag: result.etag });
      loadedReporter.current();
    } catch (error) {
      dispatch({ type: "load-failed", message: describeError(error) });
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
  const dirty = isDirty(editor);
  const checked = liveCheck !== undefined && !checking;
  const canSave = dirty && !saving && errors.length === 0 && checked && conflict === undefined;

  const update = React.useCallback((change: (d: Settings) => void) => dispatch({ type: "edit", change }), []);

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
    dispatch({
      type: "notice",
      notice:
        n === 0
          ? {
              tone: "success",
              text: `The settings are valid against the live metadata${l.warnings.length ? ` (${l.warnings.length} warning(s))` : ""}.`,
            }
          : { tone: "error", text: `${n} problem(s) to fix before saving: see the list above the sections.` },
    });
  }

  async function save() {
    if (!editor || !canSave) return;
    const saving = editor.draft;
    dispatch({ type: "save-started" });
    try {
      const detail = `settings saved (${summariseChanges(changes)})`;
      const result = await data.store.saveSettings(saving, editor.etag, { by: data.me, now: now(), detail });
      if (result.kind === "saved") {
        const auditRecorded = !result.audit || result.audit.kind === "appended";
        dispatch({ type: "saved", draft: saving, etag: result.etag, auditRecorded });
      } else if (result.kind === "invalid") {
        dispatch({
          type: "save-failed",
          text: `Not saved: ${result.errors.map((e) => `${e.path}: ${e.message}`).join(" ")}`,
        });
      } else {
        const theirs = await data.store.loadSettings();
        if (theirs.kind === "ok") dispatch({ type: "conflict", theirs: theirs.settings, theirsEtag: theirs.etag });
        else dispatch({ type: "conflict-unreadable", stored: theirs.kind });
      }
    } catch (error) {
      dispatch({ type: "save-failed", text: `Not saved: ${describeError(error)}` });
    }
  }

  async function protect() {
    if (!editor || !data.store.protectSettings) return;
    setProtecting(true);
    try {
      const result = await data.store.protectSettings(editor.base);
      if (result.kind === "saved") {
        dispatch({
          type: "notice",
          notice: {
            tone: "success",
            text: `The settings are now kept in a settings record: only the ${SETTINGS_TEAM} team's saves count, and approvals are kept as work items.`,
          },
        });
        await loadStored();
      } else
        dispatch({
          type: "notice",
          notice: {
            tone: "error",
            text: `Not protected: ${result.kind === "conflict" ? result.message : result.errors.map((e) => e.message).join(" ")}`,
          },
        });
    } catch (error) {
      dispatch({ type: "notice", notice: { tone: "error", text: `Not protected: ${describeError(error)}` } });
    } finally {
      setProtecting(false);
    }
  }

  function applyRaw() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText);
    } catch (error) {
      dispatch({ type: "raw-errors", errors: `Not JSON: ${describeError(error)}` });
      return;
    }
    const v = validateSettings(parsed);
    // The sections need the document's shape; other problems (dates, duplicates) are fixed there.
    if (!v.valid && !hasEditableShape(parsed)) {
      dispatch({ type: "raw-errors", errors: v.errors });
      return;
    }
    dispatch({ type: "apply-raw", settings: parsed as Settings });
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
      {protection.origin?.kind === "record" && <Pill tone="good">Protected</Pill>}
      {protection.origin?.kind === "extension-data" && <Pill tone="warn">Not protected</Pill>}
    </div>
  );

  const protectionCard =
    protection.origin?.kind === "record" ? (
      <p className="sh-help sh-protection" data-testid="protection">
        Kept in settings record #{protection.origin.id}, revision {protection.origin.rev}, saved by{" "}
        {protection.origin.by.displayName ?? protection.origin.by.uniqueName ?? protection.origin.by.id} on{" "}
        {protection.origin.at.slice(0, 10)}. Only the {SETTINGS_TEAM} team&apos;s saves count; approvals are kept as
        work items. {protection.ignored.join(" ")}
      </p>
    ) : protection.origin?.kind === "extension-data" && editor?.stored === "ok" ? (
      <MessageCard severity={"Warning" as MessageCardSeverity} className="sh-card-msg">
        <span data-testid="protection">
          These settings are kept in the extension&apos;s data, which anyone who uses the extension can change, and with
          them what the gate enforces. Protect them: keep them in a settings record, where only the {SETTINGS_TEAM}{" "}
          team&apos;s saves count.{" "}
        </span>
        <Button
          text={protecting ? "Protecting…" : "Protect settings"}
          disabled={protecting || dirty || !data.store.protectSettings}
          onClick={() => void protect()}
          iconProps={{ iconName: "Lock" }}
        />
      </MessageCard>
    ) : undefined;

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
    return (
      <Page className="sh-page">
        {title}
        <InvalidStoredSettings
          etag={load.etag}
          errors={Array.isArray(rawErrors) ? rawErrors : load.errors}
          message={typeof rawErrors === "string" ? rawErrors : undefined}
          rawText={rawText}
          onRawText={(text) => dispatch({ type: "raw-text", text })}
          onApply={applyRaw}
          onStartFromDefaults={() => dispatch({ type: "start-from-defaults" })}
          downloadButton={downloadButton}
          untrusted={protection.untrusted}
        />
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
          onClick={() => dispatch({ type: "discard" })}
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
                ? `Unsaved changes (${summariseChanges(changes)}).`
                : `Version ${editor.etag ?? "-"}, no unsaved changes.`}
          {checking
            ? " Checking against the organisation…"
            : !checked && errors.length === 0
              ? " Not checked against the organisation yet."
              : ""}
        </span>
      </div>
      {protectionCard}
      {notice && (
        <MessageCard
          className="sh-card-msg"
          severity={
            (notice.tone === "error" ? "Error" : notice.tone === "success" ? "Info" : "Info") as MessageCardSeverity
          }
          onDismiss={() => dispatch({ type: "notice", notice: undefined })}
        >
          <span data-testid="notice">{notice.text}</span>
        </MessageCard>
      )}
      {conflict && <ConflictView conflict={conflict} onResolve={(choice) => dispatch({ type: "resolve", choice })} />}
      {errors.length > 0 && <ErrorList errors={errors} onPick={(p) => setTab(sectionOfPath(p))} />}
      {warnings.length > 0 && <ErrorList errors={warnings} warning onPick={(p) => setTab(sectionOfPath(p))} />}
      <TabBar
        selectedTabId={tab}
        onSelectedTabChanged={(id) => setTab(id as SectionId | "health" | "history")}
        tabSize={"compact" as TabSize}
        className="sh-tabs"
      >
        {SECTIONS.map((s) => (
          <Tab key={s.id} id={s.id} name={s.name} badgeCount={countFor(s.id) || undefined} />
        ))}
        {saved?.kind === "ok" && <Tab key="health" id="health" name="Security health" />}
        {protection.origin?.kind === "record" && <Tab key="history" id="history" name="History" />}
      </TabBar>
      <div
        className="sh-body"
        role="tabpanel"
        aria-label={
          tab === "health"
            ? "Security health"
            : tab === "history"
              ? "History"
              : SECTIONS.find((s) => s.id === tab)?.name
        }
      >
        {tab === "health" && saved?.kind === "ok" && <HealthSection data={data} settings={saved.settings} />}
        {tab === "defects" && <DefectsSection {...sectionProps} />}
        {tab === "registry" && <RegistrySection {...sectionProps} discover={discover} />}
        {tab === "windows" && <WindowsSection {...sectionProps} />}
        {tab === "roles" && <RolesSection {...sectionProps} />}
        {tab === "traceability" && <TraceabilitySection {...sectionProps} />}
        {tab === "history" && <HistorySection data={data} />}
        {tab === "assurers" && <AssurersSection {...sectionProps} teamAssurers={protection.teamAssurers} />}
      </div>
    </Page>
  );
}
