import Ajv, { ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The published task.json schema (microsoft/azure-pipelines-task-lib, kept in ../shared/reference), compiled.
 *
 * The schema is draft-04 and Ajv 8 speaks draft-06 and later (ajv-draft-04 is not installed). It uses nothing
 * whose meaning changed (no boolean exclusiveMinimum/Maximum, no `id`-based $refs), so it is compiled after
 * dropping its root `$schema` (a meta-schema Ajv 8 does not know) and root `id` (`$id` in later drafts). Its
 * patterns are ECMAScript without the `u` flag (`^connectedService\:.+$` escapes a colon), hence `unicodeRegExp:
 * false`; `strict: false` lets its draft-04 idioms through.
 */
export const TASK_SCHEMA_FILE = join(__dirname, "..", "..", "..", "shared", "reference", "tasks.schema.json");

export function compileTaskSchema(): ValidateFunction {
  const schema = JSON.parse(readFileSync(TASK_SCHEMA_FILE, "utf8")) as Record<string, unknown>;
  if (!/draft-04/.test(String(schema.$schema))) throw new Error(`${TASK_SCHEMA_FILE} is no longer draft-04.`);
  if (/"exclusive(Minimum|Maximum)":\s*(true|false)/.test(JSON.stringify(schema)))
    throw new Error(`${TASK_SCHEMA_FILE} uses draft-04's boolean exclusive bounds, which Ajv 8 reads differently.`);
  const { $schema: _schema, id: _id, ...rest } = schema;
  return new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(rest);
}
