/**
 * The participant-role detail view: one participant-role's assessment (E1–E5 or S1–S2 with every reason), its
 * coverage, outstanding defects, waivers, mitigation agreements, entry checklist, sign-offs and audit log, with
 * the approval actions for Code Body assurers. The selected tab is kept in the URL through `navigate`.
 */
import { approvalStoreFor, checkSubmissions } from "../../../ado/assessment-run";
import "./detail.css";
import * as React from "react";
import { Header, TitleSize } from "azure-devops-ui/Header";
import { Page } from "azure-devops-ui/Page";
import { PillSize } from "azure-devops-ui/Pill";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { Tab, TabBar, TabSize } from "azure-devops-ui/Tabs";
import { Approvals, isAssurerFor } from "../../../core/approvals";
import { Assessment } from "../../../core/assessment";
import { Result } from "../../../core/result";
import { GoverningBody } from "../../../core/roles";
import { HubViewProps } from "../view-props";
import { ActionProps, EntryTab, MitigationsTab, RecordOutcome, SignOffsTab, WaiversTab } from "./actions";
import { DetailModel, LoadStep, assessDetail, loadDetail } from "./load";
import { AuditTab, CoverageTab, CriteriaTab, DefectsTab, HistoryTab } from "./read-tabs";
import { TrendTab } from "./TrendTab";
import { TraceabilityTab } from "./TraceabilityTab";
import { VerdictPill } from "../../../ui/VerdictPill";
import { StageTrack } from "../../../ui/StageTrack";

export const DETAIL_TABS = [
  { id: "criteria", name: "Criteria" },
  { id: "coverage", name: "Coverage" },
  { id: "trend", name: "Trend" },
  { id: "defects", name: "Defects" },
  { id: "traceability", name: "Traceability" },
  { id: "waivers", name: "Testing waivers" },
  { id: "mitigations", name: "Mitigations" },
  { id: "entry", name: "Entry checklist" },
  { id: "signoffs", name: "Review and sign-off" },
  { id: "history", name: "History" },
  { id: "audit", name: "Audit log" },
] as const;

type TabId = (typeof DETAIL_TABS)[number]["id"];
const isTab = (t: string | undefined): t is TabId => DETAIL_TABS.some((d) => d.id === t);

const STEP_TEXT: Record<LoadStep, string> = {
  facts: "Reading test points, defects and approvals…",
  approvals: "Checking the approvals' audit chain…",
  assessing: "Assessing…",
};

interface Message {
  severity: MessageCardSeverity;
  text: string;
  errors?: string[];
}

/** The role's bodies the user is listed as an assurer for: governing bodies and sign-off approvers. */
export function assurerBodiesOf(
  props: Pick<HubViewProps, "settings" | "data">,
  assessment: Assessment,
): GoverningBody[] {
  const bodies = [...new Set([...assessment.governingBodies, ...assessment.signOffs.map((s) => s.body)])];
  return bodies.filter((b) => isAssurerFor(props.settings, props.data.me, b));
}

function windowText(a: Assessment): string {
  const w = a.window;
  if (!w) return a.route === "SIT" ? "SIT route (no QT window)" : "No window";
  const days = (n: number) => (n === 1 ? "1 day" : `${n} days`);
  const left = w.daysLeft >= 0 ? `${days(w.daysLeft)} left` : `ended ${days(-w.daysLeft)} ago`;
  return `${w.name}: execution ${w.executionStart} to ${w.executionEnd} (${w.phase.replace(/-/g, " ")}; ${left})`;
}

export function ParticipantRoleDetail(props: HubViewProps & { participantRole: string; tab?: string }): JSX.Element {
  const { participantRole, navigate, data, settings } = props;
  const [model, setModel] = React.useState<DetailModel>();
  const [step, setStep] = React.useState<LoadStep | undefined>("facts");
  const [error, setError] = React.useState<string>();
  const [loads, setLoads] = React.useState(0);
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<Message>();
  const [tab, setTab] = React.useState<TabId>(isTab(props.tab) ? props.tab : "criteria");

  React.useEffect(() => {
    if (isTab(props.tab)) setTab(props.tab);
  }, [props.tab]);

  // The latest props for callbacks that outlive a render.
  const latest = React.useRef(props);
  latest.current = props;

  React.useEffect(() => {
    let live = true;
    setError(undefined);
    setStep("facts");
    loadDetail(latest.current, participantRole, (s) => live && setStep(s)).then(
      (loaded) => {
        if (!live) return;
        setModel(loaded);
        setStep(undefined);
      },
      (e: unknown) => {
        if (!live) return;
        setModel(undefined);
        setStep(undefined);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [participantRole, loads]);

  const reload = React.useCallback(() => setLoads((n) => n + 1), []);

  const selectTab = React.useCallback(
    (id: string) => {
      if (!isTab(id)) return;
      setTab(id);
      navigate({ view: "detail", participantRole, tab: id });
    },
    [navigate, participantRole],
  );

  const record = React.useCallback(
    async (
      change: (approvals: Approvals) => Result<Approvals>,
      what: string,
      describe?: (before: Assessment, after: Assessment) => string,
    ): Promise<RecordOutcome> => {
      if (!model) return { ok: false };
      setBusy(true);
      setMessage(undefined);
      try {
        const store = approvalStoreFor(data, latest.current.settings);
        const result = await store.recordApproval(model.key, change);
        switch (result.kind) {
          case "recorded": {
            // As when the view loaded: submissions count only with their reports stored, and records written
            // meanwhile by others may have started or stopped counting.
            const checked = await checkSubmissions(data, result.approvals, store);
            const records = store.notCounted ? await store.notCounted(model.key) : [];
            const notCounted = [...records.map((p) => p.message), ...checked.problems];
            const assessment = assessDetail(
              latest.current.settings,
              model.facts,
              checked.approvals,
              latest.current.now(),
            );
            setModel({ ...model, approvals: checked.approvals, etag: result.etag, assessment, notCounted });
            const extra = describe ? ` ${describe(model.assessment, assessment)}` : "";
            setMessage({ severity: MessageCardSeverity.Info, text: `${what} recorded.${extra}` });
            return { ok: true };
          }
          case "rejected":
            setMessage({
              severity: MessageCardSeverity.Error,
              text: `${what} was not recorded:`,
              errors: result.errors,
            });
            return { ok: false };
          case "invalid":
            setMessage({
              severity: MessageCardSeverity.Error,
              text: `${what} was not recorded: the stored approvals cannot be appended to.`,
              errors: result.errors,
            });
            return { ok: false };
          case "conflict":
            setMessage({
              severity: MessageCardSeverity.Warning,
              text: `Someone else changed this participant-role's approvals at the same time, so ${what.toLowerCase()} was not recorded. Reloaded: check and try again.`,
              errors: [result.message],
            });
            reload();
            return { ok: false };
        }
      } catch (e) {
        setMessage({
          severity: MessageCardSeverity.Error,
          text: `${what} was not recorded: ${e instanceof Error ? e.message : String(e)}`,
        });
        return { ok: false };
      } finally {
        setBusy(false);
      }
    },
    [model, data, reload],
  );

  const header = (title: string, description?: React.ReactNode) => (
    <Header
      title={title}
      titleSize={TitleSize.Large}
      description={description}
      backButtonProps={{
        ariaLabel: "Back to the portfolio",
        tooltipProps: { text: "Back to the portfolio" },
        onClick: () => navigate({ view: "portfolio" }),
      }}
      commandBarItems={[
        {
          id: "report",
          text: "Completion report",
          important: true,
          iconProps: { iconName: "TextDocument" },
          onActivate: () => navigate({ view: "report", participantRole }),
        },
        {
          id: "reload",
          text: "Reload",
          important: true,
          iconProps: { iconName: "Refresh" },
          disabled: step !== undefined,
          onActivate: reload,
        },
      ]}
    />
  );

  const banner = message && (
    <MessageCard
      className="qt-detail-message"
      severity={message.severity}
      onDismiss={() => setMessage(undefined)}
      role={message.severity === MessageCardSeverity.Info ? undefined : "alert"}
    >
      <div>
        <span>{message.text}</span>
        {message.errors && message.errors.length > 0 && (
          <ul>
            {message.errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        )}
      </div>
    </MessageCard>
  );

  if (error)
    return (
      <Page className="qt-detail flex-grow">
        {header(participantRole)}
        <div className="page-content page-content-top">
          {banner}
          <MessageCard
            severity={MessageCardSeverity.Error}
            role="alert"
            buttonProps={[{ text: "Retry", onClick: reload }]}
          >
            {`${participantRole} cannot be shown: ${error}`}
          </MessageCard>
        </div>
      </Page>
    );

  if (!model || step !== undefined)
    return (
      <Page className="qt-detail flex-grow">
        {header(participantRole)}
        <div className="page-content page-content-top">
          {banner}
          <div className="qt-loading" role="status" aria-live="polite">
            <Spinner size={SpinnerSize.large} label={`${participantRole}: ${STEP_TEXT[step ?? "facts"]}`} />
          </div>
        </div>
      </Page>
    );

  const a = model.assessment;
  const assurerBodies = assurerBodiesOf(props, a);
  const actionProps: ActionProps = {
    model,
    settings,
    me: data.me,
    now: props.now,
    assurerBodies,
    record,
    busy,
  };

  return (
    <Page className="qt-detail flex-grow">
      {header(
        `${a.participantName} · ${a.participantRole}`,
        <ul className="flex-row flex-wrap qt-detail-facts" aria-label="About this participant-role">
          <li>
            Role: {a.roleName} ({a.roleCode})
          </li>
          <li>Governing bodies: {a.governingBodies.join(", ") || "none"}</li>
          <li>Route: {a.route}</li>
          <li data-testid="window">Window: {windowText(a)}</li>
          {a.milestone && (
            <li data-testid="milestone">
              Qualified by: {a.milestone.id} ({a.milestone.date})
            </li>
          )}
        </ul>,
      )}
      <div className="page-content page-content-top">
        <div className="flex-row flex-center qt-detail-verdict">
          <VerdictPill verdict={a.verdict} size={PillSize.large} />
          <p className="qt-detail-summary" data-testid="summary">
            {a.summary}
          </p>
        </div>
        <StageTrack stage={a.stage} />
        {a.milestone?.warning && (
          <MessageCard className="qt-detail-message" severity={MessageCardSeverity.Warning} role="alert">
            {a.milestone.warning}
          </MessageCard>
        )}
        {banner}
        {model.notCounted.length > 0 && (
          <MessageCard className="qt-detail-message" severity={MessageCardSeverity.Warning} role="alert">
            <div>
              <span>
                {model.notCounted.length === 1
                  ? "One approval record does"
                  : `${model.notCounted.length} approval records do`}{" "}
                not count: Azure DevOps does not vouch for {model.notCounted.length === 1 ? "it" : "them"}.
              </span>
              <ul className="qt-not-counted">
                {model.notCounted.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </div>
          </MessageCard>
        )}
        <TabBar
          selectedTabId={tab}
          onSelectedTabChanged={selectTab}
          tabSize={TabSize.Tall}
          ariaLabel={`${a.participantRole} detail`}
        >
          {DETAIL_TABS.map((t) => (
            <Tab key={t.id} id={t.id} name={t.name} />
          ))}
        </TabBar>
        <div className="qt-tab-content" role="tabpanel" aria-label={DETAIL_TABS.find((t) => t.id === tab)?.name}>
          {tab === "criteria" && <CriteriaTab assessment={a} />}
          {tab === "coverage" && <CoverageTab assessment={a} />}
          {tab === "trend" && <TrendTab data={data} settings={settings} model={model} now={props.now} />}
          {tab === "history" && <HistoryTab assessment={a} />}
          {tab === "defects" && <DefectsTab assessment={a} />}
          {tab === "traceability" && <TraceabilityTab data={data} settings={settings} model={model} now={props.now} />}
          {tab === "waivers" && <WaiversTab {...actionProps} />}
          {tab === "mitigations" && <MitigationsTab {...actionProps} />}
          {tab === "entry" && <EntryTab {...actionProps} />}
          {tab === "signoffs" && <SignOffsTab {...actionProps} />}
          {tab === "audit" && <AuditTab entries={model.approvals.audit} verified={true} />}
        </div>
      </div>
    </Page>
  );
}
