/**
 * Analytics answers errors in the OData shape, `{"error": {"code": "0", "message": "…"}}` (odata-query-guidelines.md,
 * "DO review OData error messages"), not in the REST APIs' exception shape. Where the documentation gives the
 * wording it is used; the VS4039xx numbers are the sandbox's own (the documentation does not number these; they are
 * chosen away from the service's known codes), so a test or a reader can tell the kinds apart.
 */
import { AdoError } from "../http/errors";

export const ODATA_JSON = "application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8";
export const ODATA_HEADERS: Readonly<Record<string, string>> = { "content-type": ODATA_JSON, "odata-version": "4.0" };

/** The error codes, and what each means. */
export const ODATA_ERRORS = {
  /** The `$apply` (or another option) does not parse. */
  syntax: "VS403900",
  /** A property, navigation or entity set the model does not have. */
  unknownProperty: "VS403901",
  /** Valid OData the sandbox does not play (another transformation, function, option). */
  unsupported: "VS403902",
  /** Operands of incompatible types, or a value an enum does not have. */
  type: "VS403903",
  /** A snapshot entity set queried without aggregation. */
  snapshotNotAggregated: "VS403904",
  /** A date-time literal without an offset. */
  noOffset: "VS403905",
  /** A `$skiptoken` this query did not hand out. */
  skipToken: "VS403906",
  /** A `$batch` that is not one GET. */
  batch: "VS403907",
  /** Analytics is switched off (or not installed). */
  disabled: "VS403908",
  /** An entity set or path segment that does not exist. */
  notFound: "VS403909",
  /** An OData version the sandbox does not serve. */
  version: "VS403910",
} as const;

export class ODataError extends AdoError {
  constructor(status: number, code: string, message: string) {
    super(status, `${code}: ${message}`, "ODataException", { ...ODATA_HEADERS });
  }

  override body(): Record<string, unknown> {
    return { error: { code: "0", message: this.message } };
  }
}

const invalid = "The query specified in the URI is not valid.";

export const syntaxError = (text: string, position: number, what?: string) =>
  new ODataError(
    400,
    ODATA_ERRORS.syntax,
    `${invalid} Syntax error at position ${position} in '${text}'${what ? `: ${what}` : ""}.`,
  );

export const unknownProperty = (name: string, type: string) =>
  new ODataError(
    400,
    ODATA_ERRORS.unknownProperty,
    `${invalid} Could not find a property named '${name}' on type '${type}'.`,
  );

export const unsupported = (what: string) =>
  new ODataError(400, ODATA_ERRORS.unsupported, `${invalid} ${what} is not supported by the sandbox's Analytics.`);

export const typeError = (what: string) => new ODataError(400, ODATA_ERRORS.type, `${invalid} ${what}`);

/** odata-query-guidelines.md, "[BLOCKED] DON'T use snapshot entities for anything other than aggregations". */
export const snapshotNotAggregated = () =>
  new ODataError(
    400,
    ODATA_ERRORS.snapshotNotAggregated,
    `${invalid} The Snapshot tables in Analytics are intended to be used only in an aggregation.`,
  );

/** odata-query-guidelines.md, "DO specify time zone when filtering on date columns". */
export const noOffset = () =>
  new ODataError(
    400,
    ODATA_ERRORS.noOffset,
    `${invalid} No datetime offset was specified.  Please use either of these formats YYYY-MM-ddZ to specify everything since midnight or yyyy-MM-ddThh:mm-hh:mm (ISO 8601 standard representation of dates and times) to specify the offset.`,
  );

export const notFoundSegment = (segment: string) =>
  new ODataError(404, ODATA_ERRORS.notFound, `Resource not found for the segment '${segment}'.`);
