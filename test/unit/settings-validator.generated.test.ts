import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SETTINGS_SCHEMA } from "../../src/core/settings-schema";
import { validateSettings } from "../../src/core/validate-settings";
import { defaultSettings } from "../../src/core/settings";
import { schema } from "../../src/core/settings-validator.generated";

/**
 * The settings validator is compiled from the JSON Schema at build time (Ajv's standalone code) and committed, so
 * no page compiles code at run time (`new Function` is what a strict Content-Security-Policy forbids, and Ajv's
 * compiler is most of its size). This test regenerates it from the schema and fails if the committed file
 * differs: `UPDATE_GOLDEN=1 npx jest test/unit/settings-validator.generated` writes it.
 */

const FILE = join(__dirname, "..", "..", "src", "core", "settings-validator.generated.ts");

/**
 * Every error, not only the first; not verbose (which would copy the schema into every error branch and double the
 * code): validate-settings.ts finds each error's sub-schema, whose description is the fix, by its schemaPath.
 */
function generated(): string {
  const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true, esm: true } });
  const code = standaloneCode(ajv, ajv.compile(SETTINGS_SCHEMA));
  return [
    "// Generated from src/core/settings-schema.ts by test/unit/settings-validator.generated.test.ts: do not edit.",
    "// Regenerate with UPDATE_GOLDEN=1 npx jest test/unit/settings-validator.generated",
    "/* eslint-disable */",
    "// @ts-nocheck -- Ajv's standalone output is plain JavaScript; validate-settings.ts types its use.",
    code.replace(/^"use strict";/, ""),
    // The schema the code embeds anyway, for the descriptions that say how to fix each error.
    `export const schema = ${/const (schema\d+) = /.exec(code)?.[1] ?? "undefined"};`,
    "",
  ].join("\n");
}

describe("the settings validator compiled at build time", () => {
  it("is the schema's standalone code, as committed", () => {
    const expected = generated();
    if (process.env.UPDATE_GOLDEN) writeFileSync(FILE, expected);
    expect(readFileSync(FILE, "utf8")).toBe(expected);
  });

  it("exports the schema it embeds, the one the settings are written against", () => {
    expect(schema).toEqual(SETTINGS_SCHEMA);
  });

  it("compiles nothing at run time", () => {
    const source = readFileSync(FILE, "utf8");
    expect(source).not.toMatch(/new Function|\beval\(/);
    // Only Ajv's types are imported at run time's side: its compiler is not.
    expect(readFileSync(join(__dirname, "..", "..", "src", "core", "validate-settings.ts"), "utf8")).not.toMatch(
      /^import (?!type )[^;]*from "ajv"/m,
    );
  });

  it("accepts the defaults and names what is wrong, as before", () => {
    expect(validateSettings(defaultSettings()).valid).toBe(true);
    const broken = { ...defaultSettings(), bodiesMustAgree: "most" };
    const result = validateSettings(broken);
    expect(result.valid).toBe(false);
    expect(result.valid ? [] : result.errors.map((e) => e.path)).toEqual(["$.bodiesMustAgree"]);
  });
});
