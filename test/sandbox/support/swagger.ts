import Ajv2019 from "ajv/dist/2019";
import type { ErrorObject, Format, ValidateFunction } from "ajv";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Loads Microsoft's published OpenAPI 2.0 specs (`../shared/ado-rest-specs`, api 7.1) and validates response
 * bodies against an operation's response schema with ajv.
 *
 * How the swagger is read:
 * - files start with a UTF-8 BOM, stripped before parsing;
 * - the `definitions` are registered as one schema (`swagger:<area>/<file>`) and responses `$ref` into it;
 * - `{"type": "object"}` with nothing else is how the generator writes .NET `object` (field values, allowed
 *   values, default values are strings, numbers or identities on the wire), so it means "any JSON value";
 * - `x-ms-*` keywords are ignored (`strict: false`); the formats the specs use (int32, int64, double, float,
 *   byte, uuid, date-time) are checked or accepted explicitly;
 * - an array response validates either the bare array or the service's `{count, value}` wrapper.
 *
 * `closed: true` also refuses properties a definition does not declare (`unevaluatedProperties: false`, which
 * sees through `allOf`), to catch misspelt members. `ReferenceLinks` (`_links`) stays open: the spec declares
 * `{links}` but the wire has `{self: {href}, …}`.
 */

/**
 * The specs live in `shared/ado-rest-specs` beside the repository (as CI lays it out); ADO_REST_SPECS overrides.
 * A missing copy fails the contract tests with a message that says where they looked, never skips them.
 */
export const SPECS_ROOT = process.env.ADO_REST_SPECS ?? resolve(__dirname, "../../../../shared/ado-rest-specs");

export function requireSpecs(): void {
  if (!existsSync(join(SPECS_ROOT, "specification"))) {
    throw new Error(
      `The ADO REST specs were not found at ${SPECS_ROOT}: put shared/ beside the repository or set ADO_REST_SPECS.`,
    );
  }
}

/** JSON as read from the spec files. */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface Swagger {
  area: string;
  file: string;
  /** The folder holding the swagger file (examples are relative to it). */
  folder: string;
  doc: JsonObject;
  ajv: Ajv2019;
  /** `$id`s of the definitions registered so far, one per reading (open/closed, nullable or not). */
  registered: Map<string, string>;
}

export interface ValidatorOptions {
  /** Refuse properties the schema does not declare (default false). */
  closed?: boolean;
  /**
   * Accept null for any member (default false). The service's serializer writes some absent members as null
   * (`"actions": null` in a type's transitions) although swagger 2.0 cannot say so; the examples need this.
   */
  nullable?: boolean;
}

/** Returns the problems found, one line each; an empty list means the body is valid. */
export type ResponseValidator = (body: unknown) => string[];

const cache = new Map<string, Swagger>();

/** `loadSwagger("wit", "workItemTracking.json")` reads `specification/wit/7.1/workItemTracking.json`. */
export function loadSwagger(area: string, file: string, version = "7.1"): Swagger {
  const key = `${area}/${version}/${file}`;
  const cached = cache.get(key);
  if (cached) return cached;
  requireSpecs();
  const folder = join(SPECS_ROOT, "specification", area, version);
  const doc = readJson(join(folder, file)) as JsonObject;
  const ajv = new Ajv2019({ strict: false, allErrors: true, formats: FORMATS });
  const swagger: Swagger = { area, file, folder, doc, ajv, registered: new Map() };
  cache.set(key, swagger);
  return swagger;
}

/** Registers the definitions read with these options (once) and returns their `$id`. */
function definitionsId(swagger: Swagger, options: Required<ValidatorOptions>): string {
  const variant = `${options.closed ? "closed" : "open"}${options.nullable ? "-nullable" : ""}`;
  let id = swagger.registered.get(variant);
  if (!id) {
    id = `swagger:${swagger.area}/${swagger.file}/${variant}`;
    swagger.ajv.addSchema({ $id: id, definitions: definitionsFor(asObject(swagger.doc.definitions ?? {}), options) });
    swagger.registered.set(variant, id);
  }
  return id;
}

/** The operation at `path` (a key of `paths` or `x-ms-paths`, e.g. `/{organization}/{project}/_apis/wit/wiql`). */
export function operation(swagger: Swagger, path: string, method: string): JsonObject {
  for (const section of ["paths", "x-ms-paths"]) {
    const paths = asObject(swagger.doc[section] ?? {});
    const op = paths[path] && asObject(paths[path])[method.toLowerCase()];
    if (op) return asObject(op);
  }
  throw new Error(`${swagger.file} has no ${method.toUpperCase()} ${path}`);
}

/** A validator for the response body of an operation with the given status. */
export function responseValidator(
  swagger: Swagger,
  path: string,
  method: string,
  status: number | string = 200,
  options: ValidatorOptions = {},
): ResponseValidator {
  const responses = asObject(operation(swagger, path, method).responses ?? {});
  const response = responses[String(status)];
  const schema = response && asObject(response).schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} declares no ${status} response schema`);
  const reading = { closed: options.closed ?? false, nullable: options.nullable ?? false };
  const resolved = rebase(normalise(schema, reading), definitionsId(swagger, reading)) as JsonObject;
  const validate = swagger.ajv.compile(resolved);
  const isArray = resolved.type === "array";
  return (body) => {
    let target = body;
    const problems: string[] = [];
    if (isArray && isWrapped(body)) {
      target = body.value;
      if (body.count !== body.value.length)
        problems.push(`count is ${String(body.count)} but value has ${body.value.length} items`);
    }
    if (!validate(target)) problems.push(...describe(validate));
    return problems;
  };
}

export interface OperationExample {
  title: string;
  file: string;
  status: string;
  body: unknown;
}

/** The operation's `x-ms-examples`, with their response bodies (reference paths resolve case-insensitively). */
export function operationExamples(swagger: Swagger, path: string, method: string): OperationExample[] {
  const examples = asObject(operation(swagger, path, method)["x-ms-examples"] ?? {});
  const found: OperationExample[] = [];
  for (const [title, ref] of Object.entries(examples)) {
    const file = resolveCaseInsensitive(swagger.folder, String(asObject(ref).$ref));
    const example = readJson(file) as JsonObject;
    for (const [status, response] of Object.entries(asObject(example.responses ?? {}))) {
      const body = asObject(response).body;
      if (body !== undefined) found.push({ title, file, status, body });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------

const FORMATS: Record<string, Format> = {
  int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  int64: { type: "number", validate: (n: number) => Number.isInteger(n) },
  double: true,
  float: true,
  byte: /^[A-Za-z0-9+/]*={0,2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/,
};

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
}

function asObject(value: Json | undefined): JsonObject {
  return value && typeof value === "object" && !Array.isArray(value) ? value : {};
}

function isWrapped(body: unknown): body is { count: unknown; value: unknown[] } {
  return (
    typeof body === "object" &&
    body !== null &&
    !Array.isArray(body) &&
    Array.isArray((body as { value?: unknown }).value)
  );
}

const STRUCTURAL = ["properties", "additionalProperties", "allOf", "anyOf", "oneOf", "$ref", "items", "enum"];

/** Definitions that stay open even when closed: ReferenceLinks (`_links`) differs from the wire, see above. */
const ALWAYS_OPEN = new Set(["ReferenceLinks"]);

/**
 * The definitions, read by the rules above. Closed, each definition `X` gets `unevaluatedProperties: false`, and
 * an open twin `X__open` that other definitions extend through `allOf`: the closing then applies once, at the
 * outermost schema, and sees the members every `allOf` part declares.
 */
function definitionsFor(definitions: JsonObject, reading: Required<ValidatorOptions>): JsonObject {
  const { closed } = reading;
  const out: JsonObject = {};
  for (const [name, schema] of Object.entries(definitions)) {
    const open = normalise(schema, reading);
    const closable =
      closed && !ALWAYS_OPEN.has(name) && typeof open === "object" && open !== null && !Array.isArray(open);
    if (closable && ("properties" in open || "allOf" in open) && !("additionalProperties" in open)) {
      out[name] = { ...open, unevaluatedProperties: false };
      out[`${name}__open`] = open;
    } else {
      out[name] = open;
      if (closed) out[`${name}__open`] = open;
    }
  }
  return out;
}

/** Applies the reading rules above to a schema tree (a copy); closed, `allOf` parts refer to open twins. */
function normalise(schema: Json, reading: Required<ValidatorOptions>): Json {
  if (Array.isArray(schema)) return schema.map((s) => normalise(s, reading));
  if (!schema || typeof schema !== "object") return schema;
  if (schema.type === "object" && !STRUCTURAL.some((k) => k in schema)) {
    return schema.description === undefined ? {} : { description: schema.description };
  }
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "allOf" && reading.closed && Array.isArray(value)) {
      copy[key] = value.map((part) => {
        const ref = asObject(part).$ref;
        return typeof ref === "string" && ref.startsWith("#/definitions/")
          ? { $ref: `${ref}__open` }
          : normalise(part, reading);
      });
    } else if (key === "properties") {
      // A map of member schemas, not a schema: its keys are member names, whatever they are called.
      const members: JsonObject = {};
      for (const [member, sub] of Object.entries(asObject(value))) {
        const normalised = normalise(sub, reading);
        members[member] = reading.nullable ? { anyOf: [normalised, { type: "null" }] } : normalised;
      }
      copy[key] = members;
    } else copy[key] = normalise(value, reading);
  }
  return copy;
}

/** Points `#/definitions/…` references at the registered definitions. */
function rebase(schema: Json, base: string): Json {
  if (Array.isArray(schema)) return schema.map((s) => rebase(s, base));
  if (!schema || typeof schema !== "object") return schema;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] =
      key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `${base}${value}` : rebase(value, base);
  }
  return copy;
}

function describe(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e: ErrorObject) => {
    const where = e.instancePath || "(body)";
    const extra = "unevaluatedProperty" in e.params ? ` '${String(e.params.unevaluatedProperty)}'` : "";
    return `${where} ${e.message ?? e.keyword}${extra}`;
  });
}

/** Resolves `./httpExamples/Runs/x.json` against a folder whose real names differ only in case. */
function resolveCaseInsensitive(folder: string, relative: string): string {
  let current = folder;
  for (const part of relative.split(/[\\/]/).filter((p) => p !== "" && p !== ".")) {
    const exact = join(current, part);
    if (existsSync(exact)) {
      current = exact;
      continue;
    }
    const match = readdirSync(current).find((entry) => entry.toLowerCase() === part.toLowerCase());
    if (!match) throw new Error(`example ${relative} not found under ${folder}`);
    current = join(current, match);
  }
  return current;
}
