/** The parsed form of the WIQL subset the sandbox answers. Field names are as written; binding resolves them. */

export interface FieldName {
  /** Reference name or friendly name, without brackets: `System.State`, `Work Item Type`. */
  name: string;
  /** As written, for error messages: `[System.State]`. */
  raw: string;
}

export type Literal =
  | { kind: "string"; value: string; raw: string }
  | { kind: "number"; value: number; raw: string }
  /** `@project`, `@Me`, `@Today - 7` (offset in days). */
  | { kind: "macro"; name: string; offset: number; raw: string };

/** The right-hand side of a comparison: a literal, or another field (`[A] = [B]`). */
export type Operand = Literal | { kind: "field"; field: FieldName };

export type ComparisonOperator = "=" | "<>" | ">" | "<" | ">=" | "<=";

export type Condition =
  | { kind: "compare"; field: FieldName; operator: ComparisonOperator; operand: Operand }
  | { kind: "in"; field: FieldName; negated: boolean; values: Literal[] }
  | { kind: "under"; field: FieldName; negated: boolean; value: Literal }
  | { kind: "contains"; field: FieldName; negated: boolean; words: boolean; value: Literal }
  | { kind: "and"; items: Condition[] }
  | { kind: "or"; items: Condition[] };

export interface SortField {
  field: FieldName;
  descending: boolean;
}

export interface WiqlQuery {
  select: FieldName[];
  where?: Condition;
  orderBy: SortField[];
}
