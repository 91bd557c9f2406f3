/**
 * A query the sandbox refuses, worded the way the service words its WIQL errors: what was expected, then
 * `The error is caused by «token».` (TF51005 for an unknown field, TF51006 for a missing FROM clause,
 * TF51011 for an area path that does not exist). The route answers these with HTTP 400.
 */
export class WiqlError extends Error {
  constructor(
    message: string,
    /** The `typeKey` of the service's error body. */
    readonly typeKey = "VssPropertyValidationException",
  ) {
    super(message);
    this.name = "WiqlError";
  }
}

/** `«text»`, the way the service quotes the part of a query it could not take. */
export const caused = (text: string) => `The error is caused by «${text}».`;

export const expecting = (what: string, near: string) => new WiqlError(`Expecting ${what}. ${caused(near)}`);

/** Syntax the service accepts but the sandbox does not implement: said plainly, so nobody mistakes it for a bug in the query. */
export const unsupported = (near: string, what: string) =>
  new WiqlError(`The sandbox's WIQL does not support ${what}. ${caused(near)}`, "VssPropertyValidationException");

export const unknownField = (near: string) =>
  new WiqlError(`TF51005: The query references a field that does not exist. ${caused(near)}`);

export const missingFrom = (near: string) =>
  new WiqlError(`TF51006: The query statement is missing a FROM clause. ${caused(near)}`);

export const unknownAreaPath = (near: string) =>
  new WiqlError(`TF51011: The specified area path does not exist. ${caused(near)}`);

export const invalidOperator = (operator: string, field: string) =>
  new WiqlError(`The operator ${operator} cannot be used with the field ${field}. ${caused(operator)}`);

/** A date literal with a time in a query run at day precision (the default), quoting the whole clause. */
export const timeWithDayPrecision = (clause: string) =>
  new WiqlError(`You cannot supply a time with the date when running a query using date precision. ${caused(clause)}`);
