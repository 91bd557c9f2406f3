import {
  csvField,
  escapeHtml,
  escapeMarkdown,
  markdownUrl,
  protectFormula,
  safeHttpUrl,
} from "../../../src/core/report";

describe("escapeHtml", () => {
  it("escapes the five HTML metacharacters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;",
    );
  });

  it("replaces control characters that are not text", () => {
    expect(escapeHtml("a\u0000b\u0007c\td\ne")).toBe("a\ufffdb\ufffdc\td\ne");
  });

  it("leaves other text alone", () => {
    expect(escapeHtml("Sev1 – critical, £5, “quotes”")).toBe("Sev1 – critical, £5, “quotes”");
  });
});

describe("escapeMarkdown", () => {
  it.each([
    ["<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"],
    ["**bold** _em_ `code`", "\\*\\*bold\\*\\* \\_em\\_ \\`code\\`"],
    ["[link](javascript:x)", "\\[link\\](javascript:x)"],
    ["![img](http://x/y.png)", "\\!\\[img\\](http://x/y.png)"],
    ["a | b", "a \\| b"],
    ["a\\b", "a\\\\b"],
    ["~~strike~~ $math$ {attr}", "\\~\\~strike\\~\\~ \\$math\\$ \\{attr\\}"],
    ["heading #", "heading \\#"],
    ["&lt; is an entity", "&amp;lt; is an entity"],
    ["line one\nline two\r\nthree\rfour\u2028five", "line one line two three four five"],
  ])("escapes %p", (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it("never lets a literal < or a line break through", () => {
    const out = escapeMarkdown("<<>>\n<div onclick=x>\r\n</div>");
    expect(out).not.toMatch(/[<>\r\n]/);
  });
});

describe("CSV fields", () => {
  it.each([
    ["=1+2", "'=1+2"],
    ["+44 20 7946 0000", "'+44 20 7946 0000"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\r\ncmd", '"\'\r\ncmd"'],
    ["plain", "plain"],
    [" =not a formula start", " =not a formula start"],
  ])("protects %p", (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it("quotes per RFC 4180: commas, quotes and line breaks", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it("writes null as empty and numbers and booleans as themselves", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(42)).toBe("42");
    expect(csvField(false)).toBe("false");
    expect(csvField(-3)).toBe("'-3");
  });

  it("protectFormula only prefixes formula starts", () => {
    expect(protectFormula("=")).toBe("'=");
    expect(protectFormula("a=b")).toBe("a=b");
    expect(protectFormula("")).toBe("");
  });
});

describe("links", () => {
  it.each([
    ["https://dev.azure.com/org/p/_workitems/edit/1", true],
    ["HTTP://example.com", true],
    ["javascript:alert(1)", false],
    ["JavaScript:alert(1)", false],
    ["data:text/html,<script>", false],
    ["//evil.example/x", false],
    ["https://ok.example/a b", false],
    ["https://ok.example/\u0000", false],
    ["", false],
  ])("safeHttpUrl(%p) links: %p", (url, linked) => {
    expect(safeHttpUrl(url) !== null).toBe(linked);
  });

  it("percent-encodes what would end a Markdown link or split a table cell", () => {
    expect(markdownUrl("https://x.example/a(b)|c<d>e*f\\g'h")).toBe(
      "https://x.example/a%28b%29%7Cc%3Cd%3Ee%2Af%5Cg%27h",
    );
    expect(markdownUrl("https://x.example/?q=1&r=%20#frag")).toBe("https://x.example/?q=1&r=%20#frag");
    expect(markdownUrl("https://x.example/é")).toBe("https://x.example/%C3%A9");
  });
});
