/**
 * The portfolio: every participant-role of a window side by side, for a Code Body assurer. The window, filters,
 * keywords and sort live in the URL (through `navigate`), so a view can be shared and survives a reload.
 */
import * as React from "react";
import { Card } from "azure-devops-ui/Card";
import { Header, TitleSize } from "azure-devops-ui/Header";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Page } from "azure-devops-ui/Page";
import { TextField, TextFieldWidth } from "azure-devops-ui/TextField";
import { getSafeId } from "azure-devops-ui/Util";
import { ZeroData, ZeroDataActionType } from "azure-devops-ui/ZeroData";
import { Assessment, VERDICTS, VERDICT_LABELS, Verdict } from "../../../core/assessment";
import { summarisePortfolio } from "../../../core/portfolio";
import { formatPercent } from "../../../ui/ExecutionBar";
import { errorText } from "../../../ui/PageStates";
import { VerdictPill } from "../../../ui/VerdictPill";
import { HubViewProps } from "../view-props";
import { FilterDropdown } from "./FilterDropdown";
import { LoadedPortfolio, cachedPortfolio, entriesOf, loadPortfolio, rememberPortfolio } from "./load-portfolio";
import { readForecast } from "../../../ado/trend-reader";
import { Caller, ReadCancelledError } from "../../../ado/reader-deps";
import { FORECAST_FILTERS } from "../routes";
import {
  FORECAST_FILTER_LABELS,
  ForecastCell,
  Option,
  PortfolioRoute,
  ROUTE_OPTIONS,
  SortState,
  bodyOptions,
  filterRows,
  hasFilters,
  parseSort,
  roleOptions,
  sortRows,
  sortToParam,
  toRow,
  windowLabel,
  windowOptions,
} from "./portfolio-model";
import { useLatest } from "../../../ui/use-latest";
import { PortfolioTable } from "./PortfolioTable";
import { WindowTrend } from "./WindowTrend";
import "./portfolio.css";

export interface PortfolioViewProps extends HubViewProps {
  route: PortfolioRoute;
}

type LoadState =
  /** `partial`: the participant-roles assessed so far, shown while the rest are read. */
  | { kind: "loading"; done: number; total: number; partial: Assessment[] }
  | { kind: "loaded"; portfolio: LoadedPortfolio }
  | { kind: "failed"; error: unknown };

/**
 * While the portfolio loads, the first rows are shown at once and the rest at most once a second: each showing
 * re-sorts and re-renders the table, which at 200 participant-roles costs more than the reads it would display.
 */
const SHOW_EVERY_MS = 1000;

const FORECAST_OPTIONS: Option[] = [
  { id: "", text: "All forecasts" },
  ...FORECAST_FILTERS.map((f) => ({ id: f, text: FORECAST_FILTER_LABELS[f] })),
];

/** Forecasts already read for a loaded portfolio: going to a detail view and back does not read them again. */
const forecastCache = new WeakMap<LoadedPortfolio, Map<string, ForecastCell>>();

/**
 * Once every verdict is in, each participant-role's execution forecast: from the live counts where they settle it,
 * else one small Analytics query each (through the page's caller, so within its request slots). Shown as they
 * arrive, at most once a second.
 */
function useForecasts(props: PortfolioViewProps, portfolio: LoadedPortfolio | undefined): Map<string, ForecastCell> {
  const { data } = props;
  const clock = useLatest(props.now);
  const [cells, setCells] = React.useState<Map<string, ForecastCell>>(
    () => (portfolio && forecastCache.get(portfolio)) ?? new Map(),
  );
  React.useEffect(() => {
    if (!portfolio) return;
    const cached = forecastCache.get(portfolio);
    if (cached && cached.size === portfolio.assessments.length) {
      setCells(cached);
      return;
    }
    const found = new Map<string, ForecastCell>();
    forecastCache.set(portfolio, found);
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = () => {
      timer = undefined;
      if (live) setCells(new Map(found));
    };
    const schedule = () => {
      if (timer === undefined) timer = setTimeout(show, 1000);
    };
    setCells(new Map());
    // Leaving the view stops the forecasts: a request not yet sent is never sent.
    const call: Caller = (operation, fn, options) =>
      live ? data.caller.call(operation, fn, options) : Promise.reject(new ReadCancelledError());
    const source = { port: data.port, project: data.project, call };
    const now = clock.current();
    for (const a of portfolio.assessments) {
      readForecast(source, a, now).then(
        (read) => {
          found.set(
            a.participantRole,
            read.ok ? { kind: "read", forecast: read.forecast } : { kind: "unavailable", reason: read.reason },
          );
          if (found.size === portfolio.assessments.length) show();
          else schedule();
        },
        (error: unknown) => {
          if (error instanceof ReadCancelledError) return;
          found.set(a.participantRole, { kind: "unavailable", reason: errorText(error) });
          schedule();
        },
      );
    }
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [portfolio, data, clock]);
  return cells;
}

const VERDICT_OPTIONS: Option[] = [
  { id: "", text: "All verdicts" },
  ...VERDICTS.map((v) => ({ id: v, text: VERDICT_LABELS[v] })),
];

/** Reads the window's participant-roles (or takes them from the cache), with progress. */
function usePortfolio(props: PortfolioViewProps, window: string | undefined) {
  const { data, settings, now } = props;
  const initial = (): LoadState => {
    const cached = cachedPortfolio(data, settings, window);
    return cached
      ? { kind: "loaded", portfolio: cached }
      : { kind: "loading", done: 0, total: entriesOf(settings, window).length, partial: [] };
  };
  const [state, setState] = React.useState<LoadState>(initial);
  const [generation, setGeneration] = React.useState(0);
  const force = React.useRef(false);
  // A clock: a new function must not start a new read.
  const clock = useLatest(now);

  React.useEffect(() => {
    const cached = force.current ? undefined : cachedPortfolio(data, settings, window);
    force.current = false;
    if (cached) {
      setState({ kind: "loaded", portfolio: cached });
      return;
    }
    let cancelled = false;
    // Leaving the view, or asking for a fresh read, cancels this one: its queued requests are never sent.
    const reading = new AbortController();
    let total = entriesOf(settings, window).length;
    // Rows arrive one by one: the view shows them at once, then at most every SHOW_EVERY_MS.
    const partial: Assessment[] = [];
    let done = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let shownAt = Number.NEGATIVE_INFINITY;
    let rowsShown = false;
    const show = () => {
      clearTimeout(timer);
      timer = undefined;
      shownAt = Date.now();
      rowsShown = partial.length > 0;
      if (!cancelled) setState({ kind: "loading", done, total, partial: [...partial] });
    };
    const schedule = () => {
      if (timer !== undefined) return;
      const wait = shownAt + SHOW_EVERY_MS - Date.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    };
    setState({ kind: "loading", done: 0, total, partial: [] });
    loadPortfolio(
      data,
      settings,
      window,
      clock.current(),
      (read, of) => {
        done = read;
        total = of;
        schedule();
      },
      (assessment) => {
        partial.push(assessment);
        // The first row shows at once, even if progress was just shown: it is what the user is waiting for.
        if (rowsShown) schedule();
        else show();
      },
      reading.signal,
    ).then(
      (portfolio) => {
        clearTimeout(timer);
        if (cancelled) return;
        rememberPortfolio(data, settings, window, portfolio);
        setState({ kind: "loaded", portfolio });
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!cancelled) setState({ kind: "failed", error });
      },
    );
    return () => {
      cancelled = true;
      reading.abort();
      clearTimeout(timer);
    };
  }, [data, settings, window, generation, clock]);

  const refresh = React.useCallback(() => {
    force.current = true;
    setGeneration((g) => g + 1);
  }, []);
  return { state, refresh };
}

export function PortfolioView(props: PortfolioViewProps): JSX.Element {
  const { settings, navigate, route } = props;
  const { state, refresh } = usePortfolio(props, route.window);
  const clock = useLatest(props.now);

  const go = React.useCallback(
    (change: Partial<PortfolioRoute>) => navigate({ ...route, ...change }),
    [navigate, route],
  );
  const forecasts = useForecasts(props, state.kind === "loaded" ? state.portfolio : undefined);
  const rows = React.useMemo(
    () =>
      state.kind === "loaded"
        ? state.portfolio.assessments.map((a) => toRow(a, forecasts.get(a.participantRole)))
        : state.kind === "loading"
          ? state.partial.map((a) => toRow(a))
          : [],
    [state, forecasts],
  );
  const unfiltered = React.useMemo(() => filterRows(rows, route, false), [rows, route]);
  const sort = React.useMemo(() => parseSort(route.sort), [route.sort]);
  const shown = React.useMemo(
    () => sortRows(route.verdict ? unfiltered.filter((r) => r.assessment.verdict === route.verdict) : unfiltered, sort),
    [unfiltered, route.verdict, sort],
  );
  // The totals are shown once every participant-role is in, so they are not worked out while rows arrive.
  const loaded = state.kind === "loaded";
  const summary = React.useMemo(
    () =>
      loaded
        ? summarisePortfolio(
            unfiltered.map((r) => r.assessment),
            settings,
            clock.current(),
          )
        : undefined,
    [loaded, unfiltered, settings, clock],
  );
  const onSort = React.useCallback((s: SortState) => go({ sort: sortToParam(s) }), [go]);
  const onOpen = React.useCallback(
    (participantRole: string) => navigate({ view: "detail", participantRole }),
    [navigate],
  );
  const windows = React.useMemo(() => windowOptions(settings), [settings]);
  const roles = React.useMemo(() => roleOptions(settings), [settings]);
  const bodies = React.useMemo(() => bodyOptions(settings), [settings]);
  const where = windowLabel(settings, route.window);

  return (
    <Page className="qt-portfolio flex-grow">
      <Header
        title="QT portfolio"
        titleSize={TitleSize.Large}
        description={`Every participant-role in ${where}: its verdict against the QT exit criteria and what blocks it.`}
        commandBarItems={[
          {
            id: "qad",
            text: "QAD view",
            important: true,
            iconProps: { iconName: "TextDocument" },
            onActivate: () => props.navigate({ view: "qad", window: route.window }),
          },
          {
            id: "refresh",
            text: "Refresh",
            important: true,
            iconProps: { iconName: "Refresh" },
            disabled: state.kind === "loading",
            onActivate: () => refresh(),
          },
        ]}
      />
      <div className="page-content page-content-top qt-portfolio-content">
        <div className="qt-filters" role="search" aria-label="Filter participant-roles">
          <FilterDropdown
            id="qt-filter-window"
            label="Window"
            options={windows}
            value={route.window}
            onChange={(window) => go({ window })}
            width={200}
          />
          <FilterDropdown
            id="qt-filter-role"
            label="Role"
            options={roles}
            value={route.role}
            onChange={(role) => go({ role })}
            width={240}
          />
          <FilterDropdown
            id="qt-filter-body"
            label="Governing body"
            options={bodies}
            value={route.body}
            onChange={(body) => go({ body })}
            width={170}
          />
          <FilterDropdown
            id="qt-filter-route"
            label="Route"
            options={ROUTE_OPTIONS}
            value={route.route}
            onChange={(r) => go({ route: r === "QT" || r === "SIT" ? r : undefined })}
            width={120}
          />
          <FilterDropdown
            id="qt-filter-forecast"
            label="Forecast"
            options={FORECAST_OPTIONS}
            value={route.forecast}
            onChange={(f) => go({ forecast: FORECAST_FILTERS.find((x) => x === f) })}
            width={170}
          />
          <FilterDropdown
            id="qt-filter-verdict"
            label="Verdict"
            options={VERDICT_OPTIONS}
            value={route.verdict}
            onChange={(v) => go({ verdict: VERDICTS.find((x) => x === v) })}
            width={170}
          />
          <SearchBox value={route.search} onChange={(search) => go({ search })} />
        </div>

        {state.kind === "loading" && <Progress done={state.done} total={state.total} />}

        {state.kind === "loading" && rows.length > 0 && (
          <>
            {shown.length > 0 && (
              <Card className="qt-portfolio-card bolt-table-card" contentProps={{ contentPadding: false }}>
                <PortfolioTable rows={shown} sort={sort} onSort={onSort} onOpen={onOpen} />
              </Card>
            )}
            <p className="qt-secondary-text qt-portfolio-partial">
              {rows.length} of {state.total} participant-roles assessed so far
              {hasFilters(route) ? `, ${shown.length} matching the filters` : ""}; the rest appear as they are read.
            </p>
          </>
        )}

        {state.kind === "failed" && (
          <MessageCard
            className="qt-portfolio-message"
            severity={MessageCardSeverity.Error}
            buttonProps={[{ text: "Retry", onClick: () => refresh() }]}
          >
            <div role="alert">
              <strong>The participant-roles of {where} could not be read.</strong> Nothing is shown rather than a
              partial answer. Cause: {errorText(state.error)}
            </div>
          </MessageCard>
        )}

        {state.kind === "loaded" && rows.length === 0 && (
          <ZeroData
            className="qt-zero-data"
            imageAltText=""
            iconProps={{ iconName: "Search" }}
            primaryText={`No participant-role is registered in ${where}`}
            secondaryText="Choose another window, or register participant-roles for it in Project settings → QT Assurance."
            actionType={ZeroDataActionType.ctaButton}
            actionText={route.window ? "Show all windows" : undefined}
            onActionClick={route.window ? () => go({ window: undefined }) : undefined}
          />
        )}

        {state.kind === "loaded" && summary && rows.length > 0 && (
          <>
            <Summary
              counts={summary.overall.verdicts}
              total={summary.overall.total}
              sev1={summary.overall.outstandingSev1}
              sev2={summary.overall.outstandingSev2}
              execution={summary.overall.executionPercent}
              defectsNotCounted={summary.overall.defectsNotCounted}
              pointsNotCounted={summary.overall.pointsNotCounted}
              selected={route.verdict}
              onSelect={(verdict) => go({ verdict: verdict === route.verdict ? undefined : verdict })}
            />
            <Problems rows={unfiltered} onShow={() => go({ verdict: "cannot-assess" })} />
            {route.window && route.window !== "sit" && (
              <WindowTrend
                data={props.data}
                settings={settings}
                window={route.window}
                assessments={state.portfolio.assessments}
                now={props.now}
              />
            )}
            {shown.length === 0 ? (
              <ZeroData
                className="qt-zero-data"
                imageAltText=""
                iconProps={{ iconName: "Filter" }}
                primaryText="No participant-role matches these filters"
                secondaryText={`${rows.length} participant-roles are in ${where}. Clear the filters or the search to see them.`}
                actionType={ZeroDataActionType.ctaButton}
                actionText="Clear filters"
                onActionClick={() =>
                  go({
                    role: undefined,
                    body: undefined,
                    route: undefined,
                    verdict: undefined,
                    forecast: undefined,
                    search: undefined,
                  })
                }
              />
            ) : (
              <Card className="qt-portfolio-card bolt-table-card" contentProps={{ contentPadding: false }}>
                <PortfolioTable rows={shown} sort={sort} onSort={onSort} onOpen={onOpen} />
              </Card>
            )}
            <p className="qt-secondary-text qt-portfolio-footnote" aria-live="polite">
              Showing {shown.length} of {rows.length} participant-roles
              {hasFilters(route) ? " (filtered)" : ""}. Read at {state.portfolio.at.toLocaleTimeString("en-GB")}. Press
              Enter on a row to open it.
            </p>
          </>
        )}
      </div>
    </Page>
  );
}

function Progress({ done, total }: { done: number; total: number }): JSX.Element {
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  const text = total === 0 ? "Reading…" : `Read ${done} of ${total} participant-roles`;
  return (
    <div className="qt-progress" role="status" aria-live="polite">
      <div
        className="qt-execution-bar-track qt-progress-track"
        role="progressbar"
        aria-label="Participant-roles read"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
      >
        <div className="qt-execution-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="qt-progress-text">{text}</span>
    </div>
  );
}

function SearchBox({ value, onChange }: { value: string | undefined; onChange(v: string | undefined): void }) {
  const [text, setText] = React.useState(value ?? "");
  React.useEffect(() => setText(value ?? ""), [value]);
  const timer = React.useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  React.useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (v: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onChange(v.trim() || undefined), 250);
  };
  return (
    <div className="qt-filter qt-search">
      <span id={getSafeId("qt-filter-search-label")} className="qt-filter-label">
        Search
      </span>
      <TextField
        ariaLabelledBy="qt-filter-search-label"
        inputId="qt-filter-search"
        value={text}
        placeholder="MPID, participant or role"
        prefixIconProps={{ iconName: "Search" }}
        width={TextFieldWidth.auto}
        onChange={(_e, v) => {
          setText(v);
          commit(v);
        }}
      />
    </div>
  );
}

interface SummaryProps {
  counts: Record<Verdict, number>;
  total: number;
  sev1: number;
  sev2: number;
  execution: number;
  /** Participant-roles left out of the sums because their defects or points were not read completely. */
  defectsNotCounted: number;
  pointsNotCounted: number;
  selected: Verdict | undefined;
  onSelect(verdict: Verdict): void;
}

function Summary(props: SummaryProps): JSX.Element {
  const { counts, total, sev1, sev2, execution, selected, onSelect } = props;
  const leftOut = (n: number, what: string) =>
    n > 0 ? ` (${n === 1 ? "1 participant-role" : `${n} participant-roles`} not counted: ${what} not read)` : "";
  return (
    <section className="qt-summary" aria-label="Summary">
      <div className="qt-summary-verdicts">
        {VERDICTS.map((v) => (
          <button
            key={v}
            type="button"
            className={`qt-summary-chip${selected === v ? " selected" : ""}`}
            aria-pressed={selected === v}
            title={selected === v ? "Show every verdict" : `Show only "${VERDICT_LABELS[v]}"`}
            onClick={() => onSelect(v)}
          >
            <span className="qt-summary-count">{counts[v]}</span>
            <VerdictPill verdict={v} />
          </button>
        ))}
      </div>
      <div className="qt-summary-totals qt-secondary-text">
        {total} participant-roles · execution {formatPercent(execution)}
        {leftOut(props.pointsNotCounted, "test points")} · outstanding{" "}
        <span className={sev1 > 0 ? "qt-error-text" : undefined}>Sev1 {sev1}</span>,{" "}
        <span className={sev2 > 0 ? "qt-error-text" : undefined}>Sev2 {sev2}</span>
        {leftOut(props.defectsNotCounted, "defects")}
      </div>
    </section>
  );
}

function Problems({ rows, onShow }: { rows: ReturnType<typeof toRow>[]; onShow(): void }): JSX.Element | null {
  const failing = rows.filter((r) => r.assessment.verdict === "cannot-assess");
  if (failing.length === 0) return null;
  const listed = failing.slice(0, 5);
  return (
    <MessageCard
      className="qt-portfolio-message"
      severity={MessageCardSeverity.Warning}
      buttonProps={[{ text: "Show them", onClick: () => onShow() }]}
    >
      <div>
        <strong>
          {failing.length === 1
            ? "1 participant-role cannot be assessed"
            : `${failing.length} participant-roles cannot be assessed`}
        </strong>{" "}
        — their data could not be read completely or their settings are incomplete, so no verdict is given:
        <ul className="qt-error-list">
          {listed.map((r) => (
            <li key={r.key}>
              <strong>{r.key}</strong>: {r.assessment.problems.join(" ") || r.assessment.summary}
            </li>
          ))}
        </ul>
        {failing.length > listed.length && <span>and {failing.length - listed.length} more.</span>}
      </div>
    </MessageCard>
  );
}
