/**
 * One Analytics query, from its URL to its JSON answer: the entity set, the `$apply`, the optional `$orderby`,
 * `$skip`, `$top`, and server-driven paging (`@odata.nextLink` with an opaque `$skiptoken`). Used by the GET route
 * and by `$batch` for the GET inside it.
 *
 * The answer is what Analytics sends (aggregated-data-analytics.md, analytics-query-parts.md):
 * `{"@odata.context": "<root>/$metadata#Set(keys,aliases)", "value": [{"@odata.id": null, …}], "@odata.nextLink"}`,
 * each row's grouping properties in grouping order, then the aggregates, then the navigation groups as nested
 * objects (`"TestSuite": {"@odata.id": null, "TestPlanId": 1}`), as the documented example orders them.
 */
import { createHmac, randomBytes } from "node:crypto";
import { ProjectState, SandboxState } from "../state";
import { ResultRow, aggregate, compareOne } from "./evaluate";
import { ODATA_ERRORS, ODataError, notFoundSegment, snapshotNotAggregated, unsupported } from "./errors";
import { EntityModel, wireValue } from "./model";
import { AggregateItem, GroupKey, parseApply, parseOrderBy } from "./parser";
import { testPointHistoryModel } from "./test-points";
import { workItemSnapshotModel } from "./work-items";

export const ENTITY_SETS = ["TestPointHistorySnapshot", "WorkItemSnapshot"] as const;

export function modelFor(
  entitySet: string,
  state: SandboxState,
  projects: readonly ProjectState[],
  today: number,
): EntityModel | undefined {
  if (entitySet === "TestPointHistorySnapshot") return testPointHistoryModel(state, projects, today);
  if (entitySet === "WorkItemSnapshot") return workItemSnapshotModel(state, projects, today);
  return undefined;
}

export interface QueryRequest {
  state: SandboxState;
  projects: readonly ProjectState[];
  today: number;
  pageSize: number;
  /** `http://host:port`, or the origin an absolute URL in a `$batch` named. */
  origin: string;
  /** The service root as the request spelt it: `/mhhs-sandbox/MHHS%20QT/_odata/v4.0-preview`. */
  serviceRoot: string;
  /** The entity set segment, decoded. */
  entitySet: string;
  /** The query string as sent, without `?`. */
  rawQuery: string;
}

const SUPPORTED = new Set(["$apply", "$orderby", "$top", "$skip", "$skiptoken"]);

/** A per-process key: a skip token is valid only for the query (and the sandbox process) that handed it out. */
const TOKEN_KEY = randomBytes(16);

function tokenDigest(entitySet: string, canonicalQuery: string, offset: number): string {
  return createHmac("sha256", TOKEN_KEY)
    .update(`${entitySet}\n${canonicalQuery}\n${offset}`)
    .digest("hex")
    .slice(0, 16);
}

function makeSkipToken(entitySet: string, canonicalQuery: string, offset: number): string {
  return Buffer.from(`${offset}.${tokenDigest(entitySet, canonicalQuery, offset)}`).toString("base64url");
}

function readSkipToken(token: string, entitySet: string, canonicalQuery: string): number {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, "base64url").toString("utf8") : "";
  const m = /^(\d{1,9})\.([0-9a-f]{16})$/.exec(text);
  if (!m || tokenDigest(entitySet, canonicalQuery, Number(m[1])) !== m[2])
    throw new ODataError(400, ODATA_ERRORS.skipToken, `The $skiptoken '${token}' is not valid for this query.`);
  return Number(m[1]);
}

/** The query options, decoded (`+` is a space in a URL query, as the service reads it). */
function readOptions(rawQuery: string): { options: Map<string, string>; parts: string[] } {
  const options = new Map<string, string>();
  const parts = rawQuery.split("&").filter((p) => p !== "");
  for (const part of parts) {
    const eq = part.indexOf("=");
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "));
      } catch {
        throw new ODataError(400, ODATA_ERRORS.syntax, `The query string '${part}' is not correctly percent-encoded.`);
      }
    };
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decode(part.slice(eq + 1));
    if (!key.startsWith("$")) continue; // custom options (api-version…) are ignored, as OData does
    const name = key.toLowerCase();
    if (options.has(name))
      throw new ODataError(400, ODATA_ERRORS.syntax, `The query option '${key}' is specified more than once.`);
    options.set(name, value);
  }
  return { options, parts };
}

function wholeNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text.trim()))
    throw new ODataError(400, ODATA_ERRORS.syntax, `The value '${text}' of ${name} is not a non-negative integer.`);
  return Number(text.trim());
}

export interface QueryAnswer {
  "@odata.context": string;
  value: Record<string, unknown>[];
  "@odata.nextLink"?: string;
}

export function runQuery(request: QueryRequest): QueryAnswer {
  const model = modelFor(request.entitySet, request.state, request.projects, request.today);
  if (!model) throw notFoundSegment(request.entitySet);
  const { options, parts } = readOptions(request.rawQuery);
  const apply = options.get("$apply");
  if (apply === undefined || apply.trim() === "") {
    if (model.snapshot) throw snapshotNotAggregated();
    throw unsupported("A query without $apply");
  }
  for (const name of options.keys()) {
    if (!SUPPORTED.has(name)) throw unsupported(`The query option '${name}' (with $apply)`);
  }
  const plan = parseApply(apply, model);
  if (!plan.aggregation) throw snapshotNotAggregated();
  const { groupBy, aggregates } = plan.aggregation;

  let rows = aggregate(model, plan);
  const orderBy = options.get("$orderby");
  if (orderBy !== undefined && orderBy.trim() !== "") {
    const names = [...groupBy.map((k) => k.path), ...aggregates.map((a) => a.alias)];
    const items = parseOrderBy(orderBy, model, new Set(names));
    const at = (row: ResultRow, name: string) => {
      const k = groupBy.findIndex((g) => g.path === name);
      return k >= 0 ? row.keys[k] : row.aggregates[aggregates.findIndex((a) => a.alias === name)];
    };
    rows = rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => {
        for (const item of items) {
          const c = compareOne(at(a.row, item.name), at(b.row, item.name));
          if (c !== 0) return item.descending ? -c : c;
        }
        return a.index - b.index;
      })
      .map((x) => x.row);
  }
  const skip = wholeNumber("$skip", options.get("$skip")) ?? 0;
  const top = wholeNumber("$top", options.get("$top"));
  rows = rows.slice(skip, top === undefined ? undefined : skip + top);

  // The token covers the query without itself (as decoded: a next link spells it its own way), so following a next
  // link gives the same query's next page.
  const withoutToken = parts.filter((p) => !/^(\$|%24)skiptoken=/i.test(p)).map((p) => p.replace(/ /g, "%20"));
  const canonical = JSON.stringify([...options].filter(([name]) => name !== "$skiptoken"));
  const token = options.get("$skiptoken");
  const offset = token === undefined ? 0 : readSkipToken(token, model.entitySet, canonical);
  const page = rows.slice(offset, offset + request.pageSize);
  const root = `${request.origin}${request.serviceRoot}`;
  const answer: QueryAnswer = {
    "@odata.context": `${root}/$metadata#${model.entitySet}(${contextProperties(groupBy, aggregates)})`,
    value: page.map((row) => wireRow(groupBy, aggregates, row)),
  };
  const nextOffset = offset + request.pageSize;
  if (nextOffset < rows.length) {
    const query = [...withoutToken, `$skiptoken=${makeSkipToken(model.entitySet, canonical, nextOffset)}`].join("&");
    answer["@odata.nextLink"] = `${root}/${encodeURIComponent(request.entitySet)}?${query}`;
  }
  return answer;
}

/** `DateSK,TestSuite(TestPlanId,Title),ResultOutcome,Count`: the select list of the context URL. */
function contextProperties(keys: readonly GroupKey[], aggregates: readonly AggregateItem[]): string {
  const items: string[] = [];
  const navs = new Map<string, string[]>();
  for (const key of keys) {
    if (!key.navigation) {
      items.push(key.path);
      continue;
    }
    let members = navs.get(key.navigation);
    if (!members) {
      members = [];
      navs.set(key.navigation, members);
      items.push(`\u0000${key.navigation}`);
    }
    members.push(key.name);
  }
  const resolved = items.map((item) =>
    item.startsWith("\u0000") ? `${item.slice(1)}(${(navs.get(item.slice(1)) ?? []).join(",")})` : item,
  );
  return [...resolved, ...aggregates.map((a) => a.alias)].join(",");
}

function wireRow(
  keys: readonly GroupKey[],
  aggregates: readonly AggregateItem[],
  row: ResultRow,
): Record<string, unknown> {
  const out: Record<string, unknown> = { "@odata.id": null };
  const navs = new Map<string, Record<string, unknown>>();
  keys.forEach((key, i) => {
    const value = wireValue(key.def.type, row.keys[i]);
    if (!key.navigation) {
      out[key.path] = value;
      return;
    }
    let nested = navs.get(key.navigation);
    if (!nested) {
      nested = { "@odata.id": null };
      navs.set(key.navigation, nested);
    }
    nested[key.name] = value;
  });
  aggregates.forEach((a, i) => (out[a.alias] = row.aggregates[i]));
  for (const [name, nested] of navs) out[name] = nested;
  return out;
}
