import { controlRoutes } from "../../../sandbox/control";
import { Programme, ProgrammeOptions, generateProgramme } from "../../../sandbox/generator";
import { SAMPLE_PAT } from "../../../sandbox/generator/tokens";
import { ALL_ROUTES } from "../../../sandbox/routes";
import { RunningSandbox, SandboxOptions, startSandbox } from "../../../sandbox/server";

/** The sandbox over a generated programme, with the control API, as the Analytics tests use it. */
export interface AnalyticsSandbox {
  sandbox: RunningSandbox;
  programme: Programme;
  /** `{orgUrl}/MHHS%20QT/_odata/v4.0-preview`: the root the product computes for a non-dev.azure.com organisation. */
  root: string;
  project: string;
}

export async function startAnalyticsSandbox(
  initial: ProgrammeOptions,
  options: Partial<SandboxOptions> = {},
): Promise<AnalyticsSandbox> {
  const programme = generateProgramme(initial);
  const sandbox = await startSandbox({
    state: programme.state,
    routes: ALL_ROUTES,
    controlRoutes: [controlRoutes({ initial, programme })],
    ...options,
  });
  const project = programme.summary.project;
  return { sandbox, programme, project, root: `${sandbox.orgUrl}/${encodeURIComponent(project)}/_odata/v4.0-preview` };
}

export const basicAuth = (token = SAMPLE_PAT) => ({
  authorization: `Basic ${Buffer.from(`:${token}`).toString("base64")}`,
  "x-tfs-fedauthredirect": "Suppress",
});

export interface ODataPage {
  "@odata.context": string;
  value: Record<string, unknown>[];
  "@odata.nextLink"?: string;
}

export interface Answer<T = ODataPage> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export async function getUrl<T = ODataPage>(url: string, token = SAMPLE_PAT): Promise<Answer<T>> {
  const res = await fetch(url, { headers: { ...basicAuth(token), accept: "application/json" } });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}

/** The query URL as the product writes it: `$apply=` with the expression percent-encoded. */
export const applyUrl = (root: string, entitySet: string, apply: string, extra = "") =>
  `${root}/${entitySet}?$apply=${encodeURIComponent(apply)}${extra}`;

/** Every row of a query, following each `@odata.nextLink`; the number of pages read. */
export async function readAll(
  url: string,
  token = SAMPLE_PAT,
): Promise<{ rows: Record<string, unknown>[]; pages: number }> {
  const rows: Record<string, unknown>[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const answer: Answer = await getUrl(next, token);
    if (answer.status !== 200) throw new Error(`${next} answered ${answer.status}: ${answer.text}`);
    rows.push(...answer.json.value);
    pages++;
    next = answer.json["@odata.nextLink"];
    if (pages > 10_000) throw new Error("too many pages");
  }
  return { rows, pages };
}

export async function control<T>(sandbox: RunningSandbox, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} /_sandbox/${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** `20250601` for `2025-06-01`. */
export const dateSk = (iso: string) => Number(iso.replace(/-/g, ""));
