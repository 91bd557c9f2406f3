/**
 * A recursive-descent parser for the `$apply` the sandbox plays, bound to an entity model as it parses (unknown
 * properties and mismatched types are errors here, before any row is read):
 *
 *   apply          := transformation ("/" transformation)*          filters first, at most one aggregation, last
 *   transformation := "filter(" expr ")"
 *                   | "groupby((" path ("," path)* ")" ["," "aggregate(" items ")"] ")"
 *                   | "aggregate(" items ")"
 *   items          := item ("," item)*
 *   item           := "$count as" Name | "cast(" expr ", Edm.Int32) with sum as" Name
 *   expr           := and ("or" and)*
 *   and            := unary ("and" unary)*
 *   unary          := "not" unary | comparison
 *   comparison     := operand [("eq"|"ne"|"gt"|"ge"|"lt"|"le") operand | "in (" literal ("," literal)* ")"
 *                              | "has" enum-literal]
 *   operand        := "(" expr ")" | literal | function "(" args ")" | path
 *   function       := startswith | endswith | contains (string, string → boolean) | tolower | toupper (string)
 *   path           := Name ("/" Name)?                                a property, or navigation/property
 *   literal        := 'string' | integer | decimal | true | false | null | date-time with offset | enum literal
 *
 * and `$orderby` (path or alias, optionally `asc`/`desc`, comma-separated).
 */
import { ODataError, ODATA_ERRORS, noOffset, syntaxError, typeError, unknownProperty, unsupported } from "./errors";
import { Token, tokenize } from "./lexer";
import { EdmType, EntityModel, PropertyDef, Value, qualified } from "./model";

export type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

/** The type of an expression: an Edm type, or null for the `null` literal. */
type ExprType = EdmType | "null";

export type Expr = (
  | { kind: "literal"; value: Value }
  | { kind: "property"; path: string; def: PropertyDef }
  | { kind: "and" | "or"; left: Expr; right: Expr }
  | { kind: "not"; operand: Expr }
  | { kind: "compare"; op: CompareOp; left: Expr; right: Expr }
  | { kind: "in"; operand: Expr; values: Value[] }
  | { kind: "has"; operand: Expr; flags: number }
  | { kind: "call"; name: "startswith" | "endswith" | "contains" | "tolower" | "toupper"; args: Expr[] }
) & {
  type: ExprType;
  /** The value depends on the row's day (it reads DateSK, DateValue, the Date navigation…). */
  byDay: boolean;
};

export interface GroupKey {
  /** `DateSK`, or `TestSuite/TestPlanId`. */
  path: string;
  navigation?: string;
  name: string;
  def: PropertyDef;
}

export type AggregateItem = { kind: "count"; alias: string } | { kind: "sum"; alias: string; expr: Expr };

export interface ApplyPlan {
  filters: Expr[];
  /** Undefined: no aggregation (a snapshot entity set refuses that). */
  aggregation?: { groupBy: GroupKey[]; aggregates: AggregateItem[] };
}

export interface OrderItem {
  /** A group key's path or an aggregate's alias. */
  name: string;
  descending: boolean;
}

const COMPARE_OPS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);
const STRING_FUNCTIONS = new Set(["startswith", "endswith", "contains", "tolower", "toupper"]);
const KNOWN_UNSUPPORTED_FUNCTIONS = new Set([
  "length",
  "indexof",
  "substring",
  "trim",
  "concat",
  "year",
  "month",
  "day",
  "hour",
  "minute",
  "second",
  "date",
  "time",
  "now",
  "totaloffsetminutes",
  "maxdatetime",
  "mindatetime",
  "round",
  "floor",
  "ceiling",
  "cast",
  "isof",
  "iif",
  "any",
  "all",
]);
const KNOWN_UNSUPPORTED_TRANSFORMATIONS = new Set([
  "compute",
  "expand",
  "concat",
  "search",
  "topcount",
  "topsum",
  "toppercent",
  "bottomcount",
  "bottomsum",
  "bottompercent",
  "identity",
]);
const BINARY_ALIAS: Record<CompareOp, string> = {
  eq: "Equal",
  ne: "NotEqual",
  gt: "GreaterThan",
  ge: "GreaterThanOrEqual",
  lt: "LessThan",
  le: "LessThanOrEqual",
};

class Parser {
  private tokens: Token[];
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly model: EntityModel,
  ) {
    this.tokens = tokenize(text);
  }

  private get peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private fail(token: Token = this.peek, what?: string): never {
    throw syntaxError(this.text, token.pos, what);
  }

  private isName(text: string, token: Token = this.peek): boolean {
    return token.kind === "name" && token.text === text;
  }

  private isPunct(text: string, token: Token = this.peek): boolean {
    return token.kind === "punct" && token.text === text;
  }

  private expectPunct(text: "(" | ")" | "," | "/"): void {
    if (!this.isPunct(text)) this.fail(this.peek, `'${text}' expected`);
    this.i++;
  }

  private expectName(text: string): void {
    if (!this.isName(text)) this.fail(this.peek, `'${text}' expected`);
    this.i++;
  }

  private identifier(what: string): { text: string; pos: number } {
    const token = this.peek;
    if (token.kind !== "name" || token.text.includes(".") || token.text.startsWith("$"))
      this.fail(token, `${what} expected`);
    this.i++;
    return { text: token.text, pos: token.pos };
  }

  expectEnd(): void {
    if (this.peek.kind !== "end") this.fail();
  }

  // ---- $apply ------------------------------------------------------------------------------------------------

  apply(): ApplyPlan {
    const plan: ApplyPlan = { filters: [] };
    for (;;) {
      const token = this.peek;
      if (token.kind !== "name") this.fail(token, "a transformation expected");
      if (plan.aggregation) throw unsupported(`A transformation after the aggregation ('${token.text}')`);
      this.i++;
      if (token.text === "filter") {
        this.expectPunct("(");
        const expr = this.expr();
        this.expectPunct(")");
        this.requireBoolean(expr, token);
        plan.filters.push(expr);
      } else if (token.text === "groupby") {
        plan.aggregation = this.groupBy();
      } else if (token.text === "aggregate") {
        plan.aggregation = { groupBy: [], aggregates: this.aggregate() };
      } else if (KNOWN_UNSUPPORTED_TRANSFORMATIONS.has(token.text)) {
        throw unsupported(`The transformation '${token.text}'`);
      } else this.fail(token, `unknown transformation '${token.text}'`);
      if (this.peek.kind === "end") return plan;
      this.expectPunct("/");
    }
  }

  private groupBy(): NonNullable<ApplyPlan["aggregation"]> {
    this.expectPunct("(");
    this.expectPunct("(");
    const keys: GroupKey[] = [];
    for (;;) {
      const key = this.groupKey();
      if (keys.some((k) => k.path === key.path)) this.fail(this.peek, `'${key.path}' is grouped by twice`);
      keys.push(key);
      if (this.isPunct(",")) {
        this.i++;
        continue;
      }
      this.expectPunct(")");
      break;
    }
    let aggregates: AggregateItem[] = [];
    if (this.isPunct(",")) {
      this.i++;
      if (!this.isName("aggregate")) {
        const token = this.peek;
        if (token.kind === "name" && KNOWN_UNSUPPORTED_TRANSFORMATIONS.has(token.text))
          throw unsupported(`The transformation '${token.text}' inside groupby`);
        this.fail(token, "'aggregate' expected");
      }
      this.i++;
      aggregates = this.aggregate();
      for (const a of aggregates) {
        if (keys.some((k) => k.path === a.alias || k.navigation === a.alias))
          throw typeError(`The alias '${a.alias}' is already a grouping property.`);
      }
    }
    this.expectPunct(")");
    return { groupBy: keys, aggregates };
  }

  private groupKey(): GroupKey {
    const first = this.identifier("a property");
    if (this.isPunct("/")) {
      this.i++;
      const second = this.identifier("a property");
      const nav = this.navigation(first.text);
      const def = nav.properties.get(second.text);
      if (!def) throw unknownProperty(second.text, qualified(nav.typeName));
      return { path: `${first.text}/${second.text}`, navigation: first.text, name: second.text, def };
    }
    const def = this.model.properties.get(first.text);
    if (!def) {
      if (this.model.navigations.has(first.text))
        throw unsupported(
          `Grouping by the navigation property '${first.text}' itself (group by one of its properties, '${first.text}/…')`,
        );
      throw unknownProperty(first.text, qualified(this.model.typeName));
    }
    return { path: first.text, name: first.text, def };
  }

  private aggregate(): AggregateItem[] {
    this.expectPunct("(");
    const items: AggregateItem[] = [];
    for (;;) {
      items.push(this.aggregateItem());
      if (this.isPunct(",")) {
        this.i++;
        continue;
      }
      this.expectPunct(")");
      break;
    }
    const aliases = new Set<string>();
    for (const item of items) {
      if (aliases.has(item.alias)) throw typeError(`The alias '${item.alias}' is used twice.`);
      aliases.add(item.alias);
    }
    return items;
  }

  private aggregateItem(): AggregateItem {
    const token = this.peek;
    if (this.isName("$count")) {
      this.i++;
      this.expectName("as");
      return { kind: "count", alias: this.alias() };
    }
    if (this.isName("cast")) {
      this.i++;
      this.expectPunct("(");
      const expr = this.expr();
      this.expectPunct(",");
      const target = this.peek;
      if (!this.isName("Edm.Int32")) {
        if (target.kind === "name" && target.text.startsWith("Edm."))
          throw unsupported(`Casting to '${target.text}' (only Edm.Int32)`);
        this.fail(target, "a type name expected");
      }
      this.i++;
      this.expectPunct(")");
      if (expr.type === "null" || expr.type.kind !== "Boolean")
        throw unsupported("Summing a cast of anything but a boolean expression");
      this.expectName("with");
      const method = this.peek;
      if (!this.isName("sum")) {
        if (method.kind === "name") throw unsupported(`The aggregation method '${method.text}' on a cast`);
        this.fail(method, "'sum' expected");
      }
      this.i++;
      this.expectName("as");
      return { kind: "sum", alias: this.alias(), expr };
    }
    if (token.kind === "name" && token.text === "countdistinct")
      throw new ODataError(
        400,
        ODATA_ERRORS.unsupported,
        "Queries which apply a count distinct with an aggregation are not supported.",
      );
    if (token.kind === "name" && !token.text.startsWith("$")) {
      // `Property with sum as X`: valid OData, not played by the sandbox (the product counts rows).
      const operand = this.operand();
      if (this.isName("with")) throw unsupported("Aggregating a property ('… with sum|min|max|average as …')");
      void operand;
    }
    this.fail(token, "'$count as …' or 'cast(…, Edm.Int32) with sum as …' expected");
  }

  private alias(): string {
    const name = this.identifier("an alias");
    if (this.model.properties.has(name.text) || this.model.navigations.has(name.text))
      throw typeError(`The alias '${name.text}' is already a property of '${qualified(this.model.typeName)}'.`);
    return name.text;
  }

  // ---- expressions -------------------------------------------------------------------------------------------

  private expr(): Expr {
    let left = this.and();
    while (this.isName("or")) {
      const token = this.next();
      const right = this.and();
      this.requireBoolean(left, token);
      this.requireBoolean(right, token);
      left = { kind: "or", left, right, type: BOOL, byDay: left.byDay || right.byDay };
    }
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.isName("and")) {
      const token = this.next();
      const right = this.unary();
      this.requireBoolean(left, token);
      this.requireBoolean(right, token);
      left = { kind: "and", left, right, type: BOOL, byDay: left.byDay || right.byDay };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isName("not")) {
      const token = this.next();
      const operand = this.unary();
      this.requireBoolean(operand, token);
      return { kind: "not", operand, type: BOOL, byDay: operand.byDay };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const left = this.operand();
    const token = this.peek;
    if (token.kind !== "name") return left;
    if (COMPARE_OPS.has(token.text)) {
      this.i++;
      const op = token.text as CompareOp;
      const right = this.operand();
      const [l, r] = this.coerce(left, right, op);
      return { kind: "compare", op, left: l, right: r, type: BOOL, byDay: l.byDay || r.byDay };
    }
    if (token.text === "in") {
      this.i++;
      this.expectPunct("(");
      const values: Value[] = [];
      for (;;) {
        const literal = this.operand();
        if (literal.kind !== "literal") this.fail(this.tokens[this.i - 1], "a literal expected in the 'in' list");
        const [, coerced] = this.coerce(left, literal, "eq");
        values.push(coerced.kind === "literal" ? coerced.value : null);
        if (this.isPunct(",")) {
          this.i++;
          continue;
        }
        this.expectPunct(")");
        break;
      }
      return { kind: "in", operand: left, values, type: BOOL, byDay: left.byDay };
    }
    if (token.text === "has") {
      this.i++;
      const flagToken = this.peek;
      const literal = this.operand();
      if (left.type === "null" || left.type.kind !== "Enum" || !left.type.flags)
        throw typeError("The 'has' operator needs a flags enumeration on its left.");
      if (literal.kind !== "literal" || typeof literal.value !== "string")
        this.fail(flagToken, "an enumeration literal expected");
      const flags = this.enumValue(left.type, literal.value as string);
      return { kind: "has", operand: left, flags: flags as number, type: BOOL, byDay: left.byDay };
    }
    if (["add", "sub", "mul", "div", "mod"].includes(token.text))
      throw unsupported(`The arithmetic operator '${token.text}'`);
    return left;
  }

  private operand(): Expr {
    const token = this.next();
    switch (token.kind) {
      case "punct":
        if (token.text === "(") {
          const inner = this.expr();
          this.expectPunct(")");
          return inner;
        }
        return this.fail(token);
      case "string":
        return { kind: "literal", value: token.value, type: STRING_T, byDay: false };
      case "number":
        return { kind: "literal", value: token.value, type: token.integer ? INT_T : DOUBLE_T, byDay: false };
      case "datetime":
        if (!token.hasOffset) throw noOffset();
        return { kind: "literal", value: token.ms, type: DTO_T, byDay: false };
      case "enum":
        return { kind: "literal", value: token.member, type: { ...ENUM_LITERAL_T, name: token.type }, byDay: false };
      case "end":
        return this.fail(token, "an operand expected");
      case "name":
        break;
    }
    const text = token.text;
    if (text === "true" || text === "false")
      return { kind: "literal", value: text === "true", type: BOOL, byDay: false };
    if (text === "null") return { kind: "literal", value: null, type: "null", byDay: false };
    if (this.isPunct("(")) return this.call(token);
    if (text.startsWith("$") || text.includes(".")) this.fail(token);
    if (COMPARE_OPS.has(text) || ["and", "or", "not", "in", "has"].includes(text))
      this.fail(token, "an operand expected");
    return this.path(text);
  }

  private path(first: string): Expr {
    if (this.isPunct("/")) {
      this.i++;
      const second = this.identifier("a property");
      const nav = this.navigation(first);
      const def = nav.properties.get(second.text);
      if (!def) throw unknownProperty(second.text, qualified(nav.typeName));
      return { kind: "property", path: `${first}/${second.text}`, def, type: def.type, byDay: def.byDay === true };
    }
    const def = this.model.properties.get(first);
    if (!def) {
      if (this.model.navigations.has(first))
        throw typeError(
          `'${first}' is a navigation property: compare one of its properties ('${first}/…')${first === "Date" ? ", or DateSK" : ""}.`,
        );
      throw unknownProperty(first, qualified(this.model.typeName));
    }
    return { kind: "property", path: first, def, type: def.type, byDay: def.byDay === true };
  }

  private navigation(name: string) {
    const nav = this.model.navigations.get(name);
    if (nav) return nav;
    if (this.model.properties.has(name)) throw typeError(`'${name}' is not a navigation property.`);
    throw unknownProperty(name, qualified(this.model.typeName));
  }

  private call(token: Extract<Token, { kind: "name" }>): Expr {
    const name = token.text;
    if (!STRING_FUNCTIONS.has(name)) {
      if (KNOWN_UNSUPPORTED_FUNCTIONS.has(name)) throw unsupported(`The function '${name}'`);
      this.fail(token, `unknown function '${name}'`);
    }
    this.expectPunct("(");
    const args: Expr[] = [this.expr()];
    while (this.isPunct(",")) {
      this.i++;
      args.push(this.expr());
    }
    this.expectPunct(")");
    const unary = name === "tolower" || name === "toupper";
    if (args.length !== (unary ? 1 : 2))
      this.fail(token, `'${name}' takes ${unary ? "one argument" : "two arguments"}`);
    for (const arg of args) {
      if (arg.type !== "null" && arg.type.kind !== "String")
        throw typeError(`The function '${name}' needs strings; found '${arg.type.name}'.`);
    }
    const byDay = args.some((a) => a.byDay);
    return { kind: "call", name: name as "startswith", args, type: unary ? STRING_T : BOOL, byDay };
  }

  // ---- types -------------------------------------------------------------------------------------------------

  private requireBoolean(expr: Expr, at: Token): void {
    if (expr.type !== "null" && expr.type.kind !== "Boolean") this.fail(at, "a boolean expression expected");
  }

  /** Checks two operands compare, converting a literal to the other side's representation (enums, dates). */
  private coerce(left: Expr, right: Expr, op: CompareOp): [Expr, Expr] {
    if (left.kind === "literal" && right.kind !== "literal") {
      const [r, l] = this.coerce(right, left, op);
      return [l, r];
    }
    const lt = left.type;
    const rt = right.type;
    // Comparing with null is allowed with any operator (only eq/ne can be true).
    if (lt === "null" || rt === "null") return [left, right];
    if (right.kind === "literal" && lt.kind === "Enum")
      return [left, { ...right, value: this.literalFor(left, right), type: lt }];
    if (compatible(lt, rt)) {
      if (op !== "eq" && op !== "ne" && (lt.kind === "Boolean" || lt.kind === "Guid"))
        throw typeError(`The operator '${BINARY_ALIAS[op]}' does not apply to '${lt.name}'.`);
      return [left, right];
    }
    throw typeError(
      `A binary operator with incompatible types was detected. Found operand types '${lt.name}' and '${rt.name}' for operator kind '${BINARY_ALIAS[op]}'.`,
    );
  }

  /** A literal's value in the representation of the expression it is compared with. */
  private literalFor(target: Expr, literal: Expr): Value {
    if (literal.kind !== "literal") return null;
    if (literal.value === null || target.type === "null") return literal.value;
    if (target.type.kind === "Enum") {
      if (typeof literal.value !== "string")
        throw typeError(`'${String(literal.value)}' is not a member of '${target.type.name}'.`);
      if (literal.type !== "null" && literal.type.kind === "Enum" && literal.type.name !== target.type.name)
        throw typeError(`'${literal.type.name}' is not '${target.type.name}'.`);
      return this.enumValue(target.type, literal.value);
    }
    if (literal.type !== "null" && !compatible(target.type, literal.type)) {
      throw typeError(
        `A binary operator with incompatible types was detected. Found operand types '${target.type.name}' and '${literal.type.name}' for operator kind 'Equal'.`,
      );
    }
    return literal.value;
  }

  private enumValue(type: EdmType, member: string): Value {
    const members = type.members ?? {};
    const name = Object.keys(members).find((m) => m.toLowerCase() === member.toLowerCase());
    if (name === undefined)
      throw typeError(`The string '${member}' is not a valid enumerated type constant of '${type.name}'.`);
    return type.flags ? members[name] : name;
  }

  // ---- $orderby ----------------------------------------------------------------------------------------------

  orderBy(allowed: ReadonlySet<string>): OrderItem[] {
    const items: OrderItem[] = [];
    for (;;) {
      const first = this.identifier("a property");
      let name = first.text;
      if (this.isPunct("/")) {
        this.i++;
        name = `${name}/${this.identifier("a property").text}`;
      }
      if (!allowed.has(name)) {
        throw new ODataError(
          400,
          ODATA_ERRORS.unknownProperty,
          `The query specified in the URI is not valid. '${name}' is not a property of the aggregated results (order by a grouping property or an aggregate's alias).`,
        );
      }
      let descending = false;
      if (this.isName("asc")) this.i++;
      else if (this.isName("desc")) {
        this.i++;
        descending = true;
      }
      items.push({ name, descending });
      if (this.isPunct(",")) {
        this.i++;
        continue;
      }
      this.expectEnd();
      return items;
    }
  }
}

const BOOL: EdmType = { kind: "Boolean", name: "Edm.Boolean" };
const STRING_T: EdmType = { kind: "String", name: "Edm.String" };
const INT_T: EdmType = { kind: "Int32", name: "Edm.Int32" };
const DOUBLE_T: EdmType = { kind: "Double", name: "Edm.Double" };
const DTO_T: EdmType = { kind: "DateTimeOffset", name: "Edm.DateTimeOffset" };
const ENUM_LITERAL_T: EdmType = { kind: "Enum", name: "" };

const NUMERIC = new Set(["Int32", "Int64", "Double"]);

function compatible(a: EdmType, b: EdmType): boolean {
  if (NUMERIC.has(a.kind) && NUMERIC.has(b.kind)) return true;
  if (a.kind === "Guid" || b.kind === "Guid")
    return (a.kind === "Guid" || a.kind === "String") && (b.kind === "Guid" || b.kind === "String");
  if (a.kind === "Enum" && b.kind === "Enum") return a.name === b.name || a.name === "" || b.name === "";
  return a.kind === b.kind;
}

export function parseApply(text: string, model: EntityModel): ApplyPlan {
  const parser = new Parser(text, model);
  const plan = parser.apply();
  parser.expectEnd();
  return plan;
}

export function parseOrderBy(text: string, model: EntityModel, allowed: ReadonlySet<string>): OrderItem[] {
  return new Parser(text, model).orderBy(allowed);
}
