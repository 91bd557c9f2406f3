/**
 * One Analytics request and its answer, checked the same way for both adapters: the adapter only sends bytes
 * (`Exchange`), this turns the answer into a page or a classified AdoRequestError. Analytics answers errors in the
 * OData shape (`{"error": {"code", "message"}}`), and a `$batch` answer wraps the query's own status and body.
 */
import { AdoRequestError, classifyResponse, delayFromHeaders } from "./errors";
import { analyticsOperation, batchRequest, odataErrorMessage, parseBatchResponse } from "./odata";
import { AdoPort, ODataPage } from "./port";
import { parseJson } from "./wire";

export interface Answer {
  status: number;
  text: string;
  header(name: string): string | null | undefined;
}

/** Sends one request with the token; throws only for a failure without an answer (the adapter classifies it). */
export type Exchange = (
  method: "GET" | "POST",
  url: string,
  headers: Record<string, string>,
  body?: string,
) => Promise<Answer>;

const ACCEPT = { Accept: "application/json", "X-TFS-FedAuthRedirect": "Suppress" };

/** The server asked to wait before the next request to the area (a Retry-After on a successful answer). */
export type DelayHook = (area: string, ms: number) => void;

function pageOf(answer: Answer, operation: string, onDelay?: DelayHook): ODataPage {
  const isJson = /json/i.test(answer.header("content-type") ?? "");
  const body = answer.status >= 400 && isJson && answer.text ? safeParse(answer.text) : undefined;
  const message = odataErrorMessage(body);
  const refused = classifyResponse(answer.status, message ? { message } : undefined, answer.header, operation);
  if (refused) throw refused;
  const delay = delayFromHeaders(answer.header);
  if (delay !== undefined && delay > 0) onDelay?.("_odata", delay);
  const parsed = parseJson(answer.text, operation, answer.status) as { value?: unknown; "@odata.nextLink"?: unknown };
  if (!parsed || typeof parsed !== "object" || !Array.isArray(parsed.value)) {
    throw new AdoRequestError("network", `${operation} answered without a "value" list.`, {
      status: answer.status,
      operation,
    });
  }
  const next = parsed["@odata.nextLink"];
  return { value: parsed.value, ...(typeof next === "string" && next !== "" ? { nextLink: next } : {}) };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function analyticsGet(send: Exchange, url: string, onDelay?: DelayHook): Promise<ODataPage> {
  const operation = analyticsOperation("GET", url);
  return pageOf(await send("GET", url, ACCEPT), operation, onDelay);
}

let batches = 0;

export async function analyticsBatch(
  send: Exchange,
  batchUrl: string,
  queryUrl: string,
  onDelay?: DelayHook,
): Promise<ODataPage> {
  const operation = analyticsOperation("GET", queryUrl);
  const boundary = `batch_qt_${Date.now().toString(36)}_${(batches++).toString(36)}`;
  const request = batchRequest(queryUrl, boundary);
  const answer = await send(
    "POST",
    batchUrl,
    { ...ACCEPT, Accept: "multipart/mixed", "Content-Type": request.contentType },
    request.body,
  );
  // The envelope's own refusal (token, throttling, a server failure) first; then the query's, from inside it.
  const envelope = classifyResponse(answer.status, undefined, answer.header, `POST _odata/$batch`);
  if (envelope) throw envelope;
  let part;
  try {
    part = parseBatchResponse(answer.header("content-type") ?? "", answer.text);
  } catch (error) {
    throw new AdoRequestError("network", `${operation} (in $batch): ${(error as Error).message}.`, {
      status: answer.status,
      operation,
    });
  }
  return pageOf(
    { status: part.status, text: part.body, header: (name) => part.headers[name.toLowerCase()] ?? answer.header(name) },
    operation,
    onDelay,
  );
}

/** The port's two Analytics methods over an adapter's exchange: the same for both adapters. */
export function analyticsMethods(
  send: Exchange,
  onDelay?: DelayHook,
): Pick<AdoPort, "getAnalytics" | "batchAnalytics"> {
  return {
    getAnalytics: (url) => analyticsGet(send, url, onDelay),
    batchAnalytics: (batchUrl, queryUrl) => analyticsBatch(send, batchUrl, queryUrl, onDelay),
  };
}
