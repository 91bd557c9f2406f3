/**
 * The OData `$batch` wire format (OData 4.0 part 1, 11.7; odata-batch.md) for what Analytics accepts of it: a
 * `multipart/mixed` body holding exactly one `application/http` part, a GET. Analytics uses `$batch` only so that a
 * long query can travel in a POST body; several operations, or a change set, are refused
 * (odata-query-guidelines.md, "[BLOCKED] DON'T use batch endpoint for sending multiple queries").
 */
import { randomUUID } from "node:crypto";
import { ODATA_ERRORS, ODataError } from "./errors";

const CRLF = "\r\n";

/** odata-query-guidelines.md's wording for a batch of several operations. */
const MULTIPLE =
  "Analytics doesn't support processing of multiple operations which the current batch message contains. Analytics uses OData batch in order to support POST requests, but requires you limit the operation to a single request.";

const batchError = (message: string) => new ODataError(400, ODATA_ERRORS.batch, message);

export interface BatchGet {
  /** The request target as written: absolute (`http://…/WorkItemSnapshot?…`) or relative to the service root. */
  target: string;
  headers: Record<string, string>;
}

function boundaryOf(contentType: string | undefined): string {
  if (!contentType || !/^\s*multipart\/mixed\s*(;|$)/i.test(contentType))
    throw batchError("A $batch request must have the Content-Type multipart/mixed with a boundary.");
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw batchError("The multipart/mixed Content-Type of the $batch request has no boundary.");
  return boundary;
}

function readHeaders(lines: string[], start: number): { headers: Record<string, string>; next: number } {
  const headers: Record<string, string> = {};
  let i = start;
  for (; i < lines.length && lines[i] !== ""; i++) {
    const colon = lines[i].indexOf(":");
    if (colon <= 0) throw batchError(`The $batch part has a malformed header line '${lines[i]}'.`);
    headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
  }
  return { headers, next: i + 1 };
}

/** The one GET a `$batch` body carries. */
export function parseBatch(contentType: string | undefined, body: string): BatchGet {
  const boundary = boundaryOf(contentType);
  const delimiter = `--${boundary}`;
  const pieces = body.split(delimiter);
  // pieces[0] is the preamble; a piece starting with "--" is the end (and its epilogue).
  const parts: string[] = [];
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith("--")) break;
    parts.push(piece.replace(/^[ \t]*\r?\n/, ""));
  }
  if (parts.length === 0) throw batchError("The $batch request holds no operation.");
  if (parts.length > 1) throw batchError(MULTIPLE);
  const lines = parts[0].split(/\r?\n/);
  const { headers: partHeaders, next } = readHeaders(lines, 0);
  const partType = partHeaders["content-type"] ?? "";
  if (/^multipart\/mixed/i.test(partType))
    throw batchError("Analytics' $batch endpoint is read-only: a change set cannot be sent to it.");
  if (!/^application\/http\b/i.test(partType))
    throw batchError("A $batch part must have the Content-Type application/http.");
  // The target may hold spaces, as the documented example's does (`$filter=UserEmail eq '…'`).
  const requestLine = /^(\S+)\s+(.+?)(?:\s+HTTP\/1\.[01])?\s*$/.exec(lines[next] ?? "");
  if (!requestLine) throw batchError("The $batch part holds no HTTP request line.");
  if (requestLine[1].toUpperCase() !== "GET")
    throw batchError(`Analytics' $batch endpoint is read-only: '${requestLine[1]}' cannot be sent to it.`);
  const { headers } = readHeaders(lines, next + 1);
  return { target: requestLine[2], headers };
}

const REASONS: Record<number, string> = {
  200: "OK",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  410: "Gone",
  500: "Internal Server Error",
};

/** The `$batch` answer: one `application/http` part holding the GET's status, headers and body, CRLF-framed. */
export function batchResponse(
  status: number,
  headers: Record<string, string>,
  body: string,
): { contentType: string; text: string } {
  const boundary = `batchresponse_${randomUUID()}`;
  const headerLines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const text = [
    `--${boundary}`,
    "Content-Type: application/http",
    "Content-Transfer-Encoding: binary",
    "",
    `HTTP/1.1 ${status} ${REASONS[status] ?? "Error"}`,
    ...headerLines,
    "",
    body,
    `--${boundary}--`,
    "",
  ].join(CRLF);
  return { contentType: `multipart/mixed; boundary=${boundary}`, text };
}
