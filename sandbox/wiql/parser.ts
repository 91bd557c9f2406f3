import { ComparisonOperator, Condition, FieldName, Literal, Operand, SortField, WiqlQuery } from "./ast";
import { expecting, missingFrom, unsupported } from "./errors";
import { Token, tokenize } from "./lexer";

/**
 * A recursive-descent parser for `SELECT … FROM WorkItems [WHERE …] [ORDER BY …]`. AND binds tighter than OR;
 * parentheses group. Keywords are case-insensitive.
 */
export function parseWiql(text: string): WiqlQuery {
  return new Parser(tokenize(text)).query();
}

/** Words that end a bare field name or stand where a field cannot. */
const KEYWORDS = new Set([
  "select",
  "from",
  "where",
  "order",
  "by",
  "asc",
  "desc",
  "and",
  "or",
  "not",
  "in",
  "under",
  "contains",
  "words",
  "ever",
  "asof",
  "mode",
  "group",
]);

const COMPARISONS = new Set<string>(["=", "<>", ">", "<", ">=", "<="]);

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  query(): WiqlQuery {
    this.keyword("select", "SELECT");
    const select = this.list(() => this.field());
    if (!this.isWord("from")) throw missingFrom(this.near());
    this.pos++;
    const source = this.next();
    if (source.kind === "word" && /^workitemlinks$/i.test(source.value)) {
      throw unsupported(source.raw, "link queries (FROM WorkItemLinks); use FROM WorkItems");
    }
    if (source.kind !== "word" || !/^workitems$/i.test(source.value))
      throw expecting("WorkItems", source.raw || "FROM");
    const where = this.isWord("where") ? (this.pos++, this.orCondition()) : undefined;
    const orderBy: SortField[] = [];
    if (this.isWord("order")) {
      this.pos++;
      this.keyword("by", "BY");
      orderBy.push(...this.list(() => this.sortField()));
    }
    const rest = this.peek();
    if (rest.kind === "word" && /^(asof|mode)$/i.test(rest.value))
      throw unsupported(rest.raw, rest.value.toUpperCase());
    if (rest.kind !== "eof")
      throw expecting(
        where ? "AND, OR, ORDER BY or the end of the query" : "WHERE, ORDER BY or the end of the query",
        rest.raw,
      );
    return { select, where, orderBy };
  }

  private orCondition(): Condition {
    const items = [this.andCondition()];
    while (this.isWord("or")) {
      this.pos++;
      items.push(this.andCondition());
    }
    return items.length === 1 ? items[0] : { kind: "or", items };
  }

  private andCondition(): Condition {
    const items = [this.primary()];
    while (this.isWord("and")) {
      this.pos++;
      items.push(this.primary());
    }
    return items.length === 1 ? items[0] : { kind: "and", items };
  }

  private primary(): Condition {
    const token = this.peek();
    if (token.kind === "(") {
      this.pos++;
      const inner = this.orCondition();
      if (this.peek().kind !== ")") throw expecting("')'", this.near());
      this.pos++;
      return inner;
    }
    if (this.isWord("not"))
      throw unsupported(token.raw, "NOT before a clause; use <>, NOT IN, NOT UNDER or NOT CONTAINS");
    return this.clause(this.field());
  }

  /** `field operator operand`, the operators the sandbox knows. */
  private clause(field: FieldName): Condition {
    const token = this.next();
    if (token.kind === "op" && COMPARISONS.has(token.value)) {
      return { kind: "compare", field, operator: token.value as ComparisonOperator, operand: this.operand() };
    }
    if (token.kind !== "word") throw expecting("a comparison operator", token.raw || field.raw);
    let negated = false;
    let word = token.value.toLowerCase();
    if (word === "not") {
      negated = true;
      const after = this.next();
      word = after.kind === "word" ? after.value.toLowerCase() : "";
      if (!["in", "under", "contains", "ever"].includes(word))
        throw expecting("IN, UNDER or CONTAINS after NOT", after.raw);
    }
    switch (word) {
      case "in":
        if (this.isWord("group")) throw unsupported(this.peek().raw, "IN GROUP");
        return { kind: "in", field, negated, values: this.valueList() };
      case "under":
        return { kind: "under", field, negated, value: this.literal() };
      case "contains": {
        const words = this.isWord("words") ? (this.pos++, true) : false;
        return { kind: "contains", field, negated, words, value: this.literal() };
      }
      case "ever":
        throw unsupported(token.raw, "EVER (history queries)");
      default:
        throw expecting("a comparison operator", token.raw);
    }
  }

  private valueList(): Literal[] {
    if (this.peek().kind !== "(") throw expecting("'('", this.near());
    this.pos++;
    const values = this.list(() => this.literal());
    if (this.peek().kind !== ")") throw expecting("')'", this.near());
    this.pos++;
    return values;
  }

  private operand(): Operand {
    const token = this.peek();
    if (token.kind === "field") {
      this.pos++;
      return { kind: "field", field: { name: token.value, raw: token.raw } };
    }
    return this.literal();
  }

  private literal(): Literal {
    const token = this.next();
    switch (token.kind) {
      case "string":
        return { kind: "string", value: token.value, raw: token.raw };
      case "number":
        return { kind: "number", value: Number(token.value), raw: token.raw };
      case "op": {
        const number = this.peek();
        if (token.value === "-" && number.kind === "number") {
          this.pos++;
          return { kind: "number", value: -Number(number.value), raw: `-${number.raw}` };
        }
        break;
      }
      case "macro": {
        const sign = this.peek();
        const amount = this.tokens[this.pos + 1];
        if (sign.kind === "op" && (sign.value === "+" || sign.value === "-") && amount.kind === "number") {
          this.pos += 2;
          const offset = Number(amount.value) * (sign.value === "-" ? -1 : 1);
          return { kind: "macro", name: token.value, offset, raw: `${token.raw} ${sign.value} ${amount.raw}` };
        }
        return { kind: "macro", name: token.value, offset: 0, raw: token.raw };
      }
    }
    throw expecting("field name or expression", token.raw || this.previous());
  }

  private sortField(): SortField {
    const field = this.field();
    if (this.isWord("asc") || this.isWord("desc")) {
      const descending = this.next().value.toLowerCase() === "desc";
      return { field, descending };
    }
    return { field, descending: false };
  }

  private field(): FieldName {
    const token = this.next();
    if (token.kind === "field" && token.value !== "") return { name: token.value, raw: token.raw };
    if (token.kind === "word" && !KEYWORDS.has(token.value.toLowerCase())) return { name: token.value, raw: token.raw };
    throw expecting("field name", token.raw || this.previous());
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.peek().kind === ",") {
      this.pos++;
      items.push(item());
    }
    return items;
  }

  private keyword(word: string, shown: string): void {
    if (!this.isWord(word)) throw expecting(shown, this.near());
    this.pos++;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === "word" && token.value.toLowerCase() === word;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos];
    if (token.kind !== "eof") this.pos++;
    return token;
  }

  /** The current token as written, or the last one when the query ended early. */
  private near(): string {
    return this.peek().raw || this.previous();
  }

  private previous(): string {
    return this.pos > 0 ? this.tokens[this.pos - 1].raw : "";
  }
}
