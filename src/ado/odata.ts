/**
 * The Analytics OData queries the product sends, and the wire details around them: where the service is, how a
 * literal is quoted, and the `$batch` envelope for queries whose URL would pass the service's 3,000-character limit.
 * Pure (no I/O): the port sends, analytics-reader.ts pages.
 *
 * Queries aggregate on the server (`$apply=filter(...)/groupby(...)`), always grouped by DateSK as snapshot entity
 * sets require, so a participant-role's window is a few hundred rows rather than a row per point per day.
 */
import { DefectScope } from "../core/settings";

export const ODATA_VERSION = "v4.0-preview";

/** GET URLs longer than this fail at the service: the query goes in a `$batch` POST instead. */
export const MAX_GET_URL_LENGTH = 3_000;

/**
 * The project's Analytics root. Azure DevOps Services serves Analytics on its own host
 * (`https://analytics.dev.azure.com/{org}`, or `{org}.analytics.visualstudio.com` for the older URL form); Azure
 * DevOps Server serves it under the collection (`{collection}/{project}/_odata/...`).
 */
export function analyticsBase(orgUrl: string, project: string): string {
  return `${analyticsHost(orgUrl)}/${encodeURIComponent(project)}/_odata/${ODATA_VERSION}`;
}

/**
 * Where a `$batch` goes: the organisation's Analytics root, since the service takes no `$batch` at a project's
 * (the query inside still names the project's URL).
 */
export function analyticsBatchUrl(orgUrl: string): string {
  return `${analyticsHost(orgUrl)}/_odata/${ODATA_VERSION}/$batch`;
}

/** The organisation (or collection) as Analytics serves it. */
function analyticsHost(orgUrl: string): string {
  const trimmed = orgUrl.replace(/\/+$/, "");
  const url = new URL(trimmed);
  if (url.hostname.toLowerCase() === "dev.azure.com") {
    const org = url.pathname.split("/").filter(Boolean)[0];
    if (!org) throw new Error(`"${orgUrl}" names no organisation.`);
    return `https://analytics.dev.azure.com/${org}`;
  }
  const legacy = /^([a-z0-9-]+)\.visualstudio\.com$/i.exec(url.hostname);
  if (legacy) return `https://${legacy[1]}.analytics.visualstudio.com`;
  return trimmed;
}

/** The project's Analytics: where its queries go, and where a query too long for a GET is posted. */
export interface AnalyticsEndpoint {
  base: string;
  batch: string;
}

export function analyticsEndpoint(orgUrl: string, project: string): AnalyticsEndpoint {
  return { base: analyticsBase(orgUrl, project), batch: analyticsBatchUrl(orgUrl) };
}

/** An OData string literal: `'it''s'`. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `20261207` for `2026-12-07`: the DateSK key of snapshot entity sets. */
export function dateSk(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`invalid date ${date}`);
  return Number(date.replace(/-/g, ""));
}

/** `2026-12-07` for `20261207`; undefined for anything else. */
export function dateOfSk(value: unknown): string | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value : "";
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

const PROPERTY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Known system fields by their Analytics names; any other reference name `A.B.C` is `A_B_C` there. */
const ANALYTICS_NAMES: Readonly<Record<string, string>> = {
  "system.state": "State",
  "system.workitemtype": "WorkItemType",
  "system.title": "Title",
  "system.tags": "TagNames",
  "system.areapath": "AreaPath",
  "microsoft.vsts.common.severity": "Severity",
  "microsoft.vsts.common.priority": "Priority",
};

/** The Analytics property of a work item field; throws for a name that is not a field reference name. */
export function analyticsProperty(referenceName: string): string {
  const known = ANALYTICS_NAMES[referenceName.trim().toLowerCase()];
  if (known) return known;
  const name = referenceName.trim().replace(/\./g, "_");
  if (!PROPERTY.test(name)) throw new Error(`"${referenceName}" is not a work item field reference name.`);
  return name;
}

export interface AnalyticsQuery {
  entitySet: "TestPointHistorySnapshot" | "WorkItemSnapshot";
  apply: string;
  /** The properties each row is grouped by (and the count), in the order the rows carry them. */
  groupBy: readonly string[];
}

export interface PlanSuites {
  planId: number;
  /** The suites the participant-role's points are in (every level of a recursive selection). */
  suiteIds: readonly number[];
}

const integer = (n: number): string => {
  if (!Number.isSafeInteger(n)) throw new Error(`invalid id ${n}`);
  return String(n);
};

const dateFilter = (from: string, to: string) => `DateSK ge ${dateSk(from)} and DateSK le ${dateSk(to)}`;

/** Test points by day and outcome, for the suites the participant-role's points are in. */
export function burnUpQuery(plans: readonly PlanSuites[], from: string, to: string): AnalyticsQuery {
  const selections = plans
    .filter((p) => p.suiteIds.length > 0)
    .map(
      (p) =>
        `(TestPlanId eq ${integer(p.planId)} and TestSuiteId in (${[...new Set(p.suiteIds)]
          .sort((a, b) => a - b)
          .map(integer)
          .join(", ")}))`,
    );
  if (selections.length === 0) throw new Error("no suite to read the burn-up of");
  const scope = selections.length === 1 ? selections[0] : `(${selections.join(" or ")})`;
  return {
    entitySet: "TestPointHistorySnapshot",
    apply: `filter(${dateFilter(from, to)} and ${scope})/groupby((DateSK, ResultOutcome), aggregate($count as Count))`,
    groupBy: ["DateSK", "ResultOutcome"],
  };
}

/**
 * Defects by day, type, state and severity value, in the participant-role's defect scope: the same areas (UNDER:
 * the path or below it), tags and field as the verdict's WIQL.
 */
export function burnDownQuery(
  workItemTypes: readonly string[],
  scope: DefectScope,
  severityField: string,
  from: string,
  to: string,
): AnalyticsQuery {
  const types = workItemTypes.map((t) => t.trim()).filter(Boolean);
  if (types.length === 0) throw new Error("no defect work item type is configured (settings.defects.workItemTypes).");
  const areas = (scope.areaPaths ?? []).map((a) => a.trim()).filter(Boolean);
  const tags = (scope.tags ?? []).map((t) => t.trim()).filter(Boolean);
  const field = scope.field && scope.field.referenceName.trim() !== "" ? scope.field : undefined;
  if (areas.length === 0 && tags.length === 0 && !field)
    throw new Error("its defect scope is empty: give area paths, tags or a field, or every defect would count.");
  const any = (parts: string[]) => (parts.length === 1 ? parts[0] : `(${parts.join(" or ")})`);
  const parts = [dateFilter(from, to), `WorkItemType in (${types.map(odataString).join(", ")})`];
  if (areas.length > 0) {
    parts.push(
      any(
        areas.map((a) => {
          const path = a.replace(/\\+$/, "");
          return `(Area/AreaPath eq ${odataString(path)} or startswith(Area/AreaPath, ${odataString(`${path}\\`)}))`;
        }),
      ),
    );
  }
  if (tags.length > 0) parts.push(any(tags.map((t) => `contains(TagNames, ${odataString(t)})`)));
  if (field) parts.push(`${analyticsProperty(field.referenceName)} eq ${odataString(field.value)}`);
  const severity = analyticsProperty(severityField);
  return {
    entitySet: "WorkItemSnapshot",
    apply: `filter(${parts.join(" and ")})/groupby((DateSK, WorkItemType, State, ${severity}), aggregate($count as Count))`,
    groupBy: ["DateSK", "WorkItemType", "State", severity],
  };
}

/** The GET URL of a query under the project's Analytics root. */
export function queryUrl(base: string, query: AnalyticsQuery): string {
  return `${base}/${query.entitySet}?$apply=${encodeURIComponent(query.apply)}`;
}

/**
 * A `$batch` request carrying one GET (the service takes one query per batch): the multipart body and its
 * Content-Type. `boundary` is any token that does not occur in the URL.
 */
export function batchRequest(getUrl: string, boundary: string): { body: string; contentType: string } {
  const body = [
    `--${boundary}`,
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    "",
    `GET ${getUrl} HTTP/1.1`,
    "Accept: application/json",
    "",
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
  return { body, contentType: `multipart/mixed; boundary=${boundary}` };
}

export interface BatchPart {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The first response of a `$batch` answer (`multipart/mixed; boundary=…`, each part an `application/http`
 * response). Throws for an answer that is not one.
 */
export function parseBatchResponse(contentType: string, text: string): BatchPart {
  const m = /boundary=("?)([^";]+)\1/i.exec(contentType);
  if (!m) throw new Error("the $batch answer is not multipart (no boundary)");
  const delimiter = `--${m[2]}`;
  const start = text.indexOf(delimiter);
  if (start < 0) throw new Error("the $batch answer holds no part");
  const afterDelimiter = text.indexOf("\n", start);
  const end = text.indexOf(delimiter, afterDelimiter);
  const part = text.slice(afterDelimiter + 1, end < 0 ? undefined : end);
  const lines = part.split(/\r?\n/);
  // The part's own headers (Content-Type: application/http …), a blank line, then the HTTP response.
  let i = 0;
  while (i < lines.length && lines[i] !== "") i++;
  i++;
  const statusLine = /^HTTP\/\d\.\d\s+(\d{3})/.exec(lines[i] ?? "");
  if (!statusLine) throw new Error("the $batch answer's part holds no HTTP response");
  const headers: Record<string, string> = {};
  i++;
  for (; i < lines.length && lines[i] !== ""; i++) {
    const colon = lines[i].indexOf(":");
    if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
  }
  const body = lines
    .slice(i + 1)
    .join("\n")
    .trim();
  return { status: Number(statusLine[1]), headers, body };
}

/** `GET _odata/TestPointHistorySnapshot`: the operation an Analytics request is named by in errors and counts. */
export function analyticsOperation(method: "GET" | "POST", url: string): string {
  const path = url.split("?")[0];
  const at = path.indexOf("/_odata/");
  const rest = at < 0 ? path : path.slice(at + "/_odata/".length).replace(/^v[^/]+\//, "");
  return `${method} _odata/${rest}`;
}

/** The service's error message in an OData error body (`{"error": {"code", "message"}}`), or its plain form. */
export function odataErrorMessage(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const error = (body as { error?: { message?: unknown } }).error;
  if (error && typeof error.message === "string") return error.message;
  const message = (body as { message?: unknown }).message;
  return typeof message === "string" ? message : undefined;
}
