export type { Condition, FieldName, Literal, Operand, SortField, WiqlQuery } from "./ast";
export { WiqlError } from "./errors";
export { CORE_FIELDS, FieldCatalog } from "./fields";
export { parseWiql } from "./parser";
export { compileWiql, runWiql, scanWiql } from "./evaluate";
export type { CompiledQuery, WiqlContext, WiqlResult } from "./evaluate";
