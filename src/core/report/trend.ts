/**
 * The completion report's trend section (issue 17, item 5): the execution burn-up, the defect burn-down and the
 * forecast as plain JSON data (null, never undefined; every day kept), its outline (charts as inline SVG for HTML,
 * weekly tables for both renderings) and its CSV records. A report made without the trend carries no `trend` member
 * (its hash is what it was) and says it was not read.
 */
import { IsoDate } from "../calendar";
import { renderTrendSvg } from "../charts/svg-string";
import { TrendChartSpec } from "../charts/geometry";
import { ForecastStatus } from "../forecast";
import { BurnDownDay, BurnUpDay, Trend } from "../trend";
import { burnDownSpec, burnUpSpec } from "../trend-charts";
import { FORECAST_LABELS, PlainTable, burnDownTable, burnUpTable } from "../trend-format";
import { Block, Tone, plain, span } from "./document";
import { cannotShow, h2, h3, notRead, text } from "./outline-parts";
import { CompletionReport } from "./types";

/** A trend as read beside the assessment, or why it could not be read at all. */
export type TrendOutcome = { kind: "read"; trend: Trend } | { kind: "cannot-assess"; reason: string };

export interface ReportTrendForecast {
  status: ForecastStatus;
  label: string;
  summary: string;
  /** How the answer was reached, in a sentence: never a date without it. */
  rule: string;
  /** Points still to execute on the last day of history. */
  remaining: number;
  /** Points a day; null when no pace was worked out. */
  pace: { slowest: number; overall: number; fastest: number } | null;
  /** When 100% execution would be reached; null when no date was worked out. */
  reach: { earliest: IsoDate; likely: IsoDate | null; latest: IsoDate | null } | null;
}

export interface ReportBurnUp {
  status: "read" | "cannot-assess";
  reason: string | null;
  /** Every day of the range (none when it was not read). */
  days: BurnUpDay[];
  unrecognisedOutcomes: string[];
}

export interface ReportBurnDown {
  status: "read" | "cannot-assess";
  reason: string | null;
  /** Every day of the range (none when it was not read). */
  days: BurnDownDay[];
  unknownStates: string[];
}

export interface ReportTrend {
  /** "read": the trend, each part read or its reason; "cannot-assess": its read failed, and `reason` says why. */
  status: "read" | "cannot-assess";
  reason: string | null;
  /** The UK date the trend was read on. */
  today: IsoDate | null;
  /** The window's last day of execution. */
  executionEnd: IsoDate | null;
  /** The days drawn; null when there is none (the window's execution has not started, or there is no window). */
  range: { from: IsoDate; to: IsoDate } | null;
  /** Only from a burn-up that was read. */
  forecast: ReportTrendForecast | null;
  burnUp: ReportBurnUp;
  burnDown: ReportBurnDown;
  /** Where the trend's last day and the live read disagree, one sentence each. */
  differences: string[];
}

export function reportTrendOf(outcome: TrendOutcome): ReportTrend {
  if (outcome.kind === "cannot-assess")
    return {
      status: "cannot-assess",
      reason: outcome.reason,
      today: null,
      executionEnd: null,
      range: null,
      forecast: null,
      burnUp: { status: "cannot-assess", reason: outcome.reason, days: [], unrecognisedOutcomes: [] },
      burnDown: { status: "cannot-assess", reason: outcome.reason, days: [], unknownStates: [] },
      differences: [],
    };
  const t = outcome.trend;
  const f = t.forecast;
  return {
    status: "read",
    reason: null,
    today: t.today,
    executionEnd: t.executionEnd ?? null,
    range: t.range ? { from: t.range.from, to: t.range.to } : null,
    forecast: f
      ? {
          status: f.status,
          label: FORECAST_LABELS[f.status],
          summary: f.summary,
          rule: f.rule,
          remaining: f.remaining,
          pace: f.pace ? { ...f.pace } : null,
          reach: f.reach ? { ...f.reach } : null,
        }
      : null,
    burnUp: t.burnUp.ok
      ? {
          status: "read",
          reason: null,
          days: t.burnUp.value.days.map((d) => ({ ...d })),
          unrecognisedOutcomes: [...t.burnUp.value.unrecognisedOutcomes],
        }
      : { status: "cannot-assess", reason: t.burnUp.reason, days: [], unrecognisedOutcomes: [] },
    burnDown: t.burnDown.ok
      ? {
          status: "read",
          reason: null,
          days: t.burnDown.value.days.map((d) => ({ ...d, outstanding: { ...d.outstanding } })),
          unknownStates: [...t.burnDown.value.unknownStates],
        }
      : { status: "cannot-assess", reason: t.burnDown.reason, days: [], unknownStates: [] },
    differences: [...t.differences],
  };
}

/** The trend the chart specs are drawn from, back from the report's data. */
function trendOf(report: CompletionReport, t: ReportTrend): Trend {
  const f = t.forecast;
  return {
    participantRole: report.scope.participantRole,
    today: t.today ?? report.generatedAt.slice(0, 10),
    ...(t.executionEnd ? { executionEnd: t.executionEnd } : {}),
    ...(t.range ? { range: t.range } : {}),
    burnUp:
      t.burnUp.status === "read"
        ? { ok: true, value: { days: t.burnUp.days, unrecognisedOutcomes: t.burnUp.unrecognisedOutcomes } }
        : { ok: false, reason: t.burnUp.reason ?? "" },
    burnDown:
      t.burnDown.status === "read"
        ? { ok: true, value: { days: t.burnDown.days, unknownStates: t.burnDown.unknownStates } }
        : { ok: false, reason: t.burnDown.reason ?? "" },
    ...(f
      ? {
          forecast: {
            status: f.status,
            rule: f.rule,
            summary: f.summary,
            remaining: f.remaining,
            ...(f.pace ? { pace: f.pace } : {}),
            ...(f.reach ? { reach: f.reach } : {}),
          },
        }
      : {}),
    differences: t.differences,
  };
}

/** The charts' width in px: they scale down to the page (and to A4 when printed). */
const CHART_WIDTH = 800;

const FORECAST_TONES: Readonly<Record<ForecastStatus, Tone>> = {
  finished: "good",
  "on-track": "good",
  "at-risk": "warn",
  "will-miss": "bad",
  "window-closed": "bad",
  "not-enough-history": "neutral",
};

function tableBlock(table: PlainTable): Block {
  return {
    kind: "table",
    caption: `${table.caption}, weekly`,
    columns: table.header.map((label, i) => (i === 0 ? { label } : { label, numeric: true })),
    rows: table.rows.map((r) => r.map((v) => text(v))),
    empty: "No day is in the range.",
  };
}

function figure(spec: TrendChartSpec, id: string, caption: string): Block {
  return { kind: "figure", svg: renderTrendSvg({ ...spec, width: CHART_WIDTH }, { id }), caption };
}

function forecastBlocks(t: ReportTrend): Block[] {
  const f = t.forecast;
  if (!f)
    return [
      {
        kind: "paragraph",
        content: [span("Forecast:", { strong: true }), span(" none, as the burn-up it is made from was not read.")],
      },
    ];
  const blocks: Block[] = [
    {
      kind: "paragraph",
      content: [
        span("Forecast: "),
        span(f.label, { strong: true, tone: FORECAST_TONES[f.status] }),
        span(`. ${f.summary}`),
      ],
    },
    { kind: "paragraph", content: plain(`Rule: ${f.rule}`) },
  ];
  if (f.pace)
    blocks.push({
      kind: "paragraph",
      content: plain(
        `Pace (test points a day): slowest ${f.pace.slowest}, overall ${f.pace.overall}, fastest ${f.pace.fastest}.`,
      ),
    });
  return blocks;
}

function differencesBlocks(t: ReportTrend): Block[] {
  const heading = h3("trend-differences", "The trend and the live read");
  if (t.differences.length > 0)
    return [
      heading,
      {
        kind: "paragraph",
        content: plain(
          "The trend's last day and the live read this report's verdict stands on differ (Analytics lags the live state by up to about 30 seconds):",
        ),
      },
      { kind: "list", items: t.differences.map(plain) },
    ];
  if (t.range && t.range.to === t.today)
    return [heading, { kind: "paragraph", content: plain("The trend's last day counts as the live read does.") }];
  return [
    heading,
    {
      kind: "paragraph",
      content: plain(
        "Only today's figures can be compared with the live read, and the trend does not end today: nothing was compared.",
      ),
    },
  ];
}

/** One chart of the trend: its heading, then the chart and its table, or why not; and what no rule knew. */
function chartPart(part: {
  id: string;
  title: string;
  /** The chart and its table, when the part was read. */
  chart: (() => Block[]) | undefined;
  caveats: readonly string[];
  caveatText: string;
  reason: string | null;
  fallback: string;
}): Block[] {
  const blocks: Block[] = [h3(part.id, part.title)];
  if (!part.chart) return [...blocks, cannotShow(part.reason, part.fallback)];
  blocks.push(...part.chart());
  if (part.caveats.length > 0)
    blocks.push({ kind: "paragraph", content: plain(`${part.caveatText}: ${part.caveats.join(", ")}.`) });
  return blocks;
}

/** `11. Trend and forecast`: read (each part, or why not), not read, or why it could not be. */
export function trendSection(report: CompletionReport, number: number): Block[] {
  const t = report.trend;
  const heading = h2("trend", `${number}. Trend and forecast`);
  if (!t) return [heading, notRead("the trend (execution burn-up, defect burn-down and forecast)")];
  if (t.status === "cannot-assess") return [heading, cannotShow(t.reason, "the trend could not be read")];

  const trend = trendOf(report, t);
  const where = t.range
    ? `From Azure DevOps Analytics, ${t.range.from} to ${t.range.to} (UK dates, the figures at the end of each day)`
    : "From Azure DevOps Analytics";
  const blocks: Block[] = [
    heading,
    {
      kind: "paragraph",
      content: plain(
        `${where}${t.executionEnd ? `; the window's last day of execution is ${t.executionEnd}` : ""}. The tables give a row a week (each Monday, with the first and last day); the JSON rendering holds every day.`,
      ),
    },
    ...forecastBlocks(t),
  ];
  const up = trend.burnUp.ok ? trend.burnUp.value : undefined;
  const down = trend.burnDown.ok ? trend.burnDown.value : undefined;
  blocks.push(
    ...chartPart({
      id: "trend-burn-up",
      title: "Execution burn-up",
      chart: up
        ? () => [
            figure(
              burnUpSpec(trend, up),
              "trend-burn-up-chart",
              "Execution burn-up: test points planned, executed, passed and waived at the end of each day. The table below gives its figures.",
            ),
            tableBlock(burnUpTable(t.burnUp.days, false, t.executionEnd ? [t.executionEnd] : [])),
          ]
        : undefined,
      caveats: t.burnUp.unrecognisedOutcomes,
      caveatText: "Outcomes ADO does not define, read as not run",
      reason: t.burnUp.reason,
      fallback: "the burn-up could not be read",
    }),
    ...chartPart({
      id: "trend-burn-down",
      title: "Defect burn-down",
      chart: down
        ? () => [
            figure(
              burnDownSpec(trend, down),
              "trend-burn-down-chart",
              "Defect burn-down: outstanding defects at the end of each day, stacked by QT severity. The table below gives its figures.",
            ),
            tableBlock(burnDownTable(t.burnDown.days)),
          ]
        : undefined,
      caveats: t.burnDown.unknownStates,
      caveatText: "States no rule knows, counted as outstanding",
      reason: t.burnDown.reason,
      fallback: "the burn-down could not be read",
    }),
  );

  return [...blocks, ...differencesBlocks(t)];
}
