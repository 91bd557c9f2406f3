// jsdom is the DOM that jest-environment-jsdom runs on; here it parses the page as a browser would.
import { JSDOM } from "jsdom";
import { renderHtml, reportHash } from "../../../src/core/report";
import { HOSTILE_TITLE, reportFixture } from "../../support/fixtures";

const { report } = reportFixture();
const html = renderHtml(report);
const doc = new JSDOM(html).window.document;
const all = [...doc.querySelectorAll("*")];

const ALLOWED_ELEMENTS = new Set(
  "html head meta title style body header main section h1 h2 h3 p ul li table caption thead tbody tr th td div span strong code a".split(
    " ",
  ),
);

describe("HTML rendering, as a browser parses it", () => {
  it("is an HTML5 document in British English with a title", () => {
    expect(html.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(doc.documentElement.getAttribute("lang")).toBe("en-GB");
    expect(doc.querySelector("meta[charset]")?.getAttribute("charset")).toBe("utf-8");
    expect(doc.title).toBe("QT Completion Report: ABCD-X Alpha Energy Ltd, Tranche 1");
  });

  it("may load nothing and run nothing", () => {
    const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(csp?.getAttribute("content")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(doc.querySelectorAll("script, link, img, iframe, object, embed, form, base, svg, math").length).toBe(0);
    expect(all.map((e) => e.tagName.toLowerCase()).filter((t) => !ALLOWED_ELEMENTS.has(t))).toEqual([]);
    const handlers = all.flatMap((e) =>
      [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName}[${a.name}]`),
    );
    expect(handlers).toEqual([]);
    expect(doc.querySelectorAll("[style]").length).toBe(0);
    expect(doc.querySelectorAll("style")).toHaveLength(1);
  });

  it("has a print style sheet", () => {
    expect(doc.querySelector("style")?.textContent).toMatch(/@media print\s*\{[\s\S]*@page/);
  });

  it("links only to http(s) addresses, so the javascript: URL of a defect is plain text", () => {
    const hrefs = [...doc.querySelectorAll("a")].map((a) => a.getAttribute("href") ?? "");
    expect(hrefs.length).toBeGreaterThan(10);
    expect(hrefs.filter((h) => !/^https?:\/\//.test(h))).toEqual([]);
  });

  it("shows hostile text exactly as written, as text", () => {
    const cells = [...doc.querySelectorAll("td")].map((td) => td.textContent);
    expect(cells).toContain(HOSTILE_TITLE);
    expect(doc.body.textContent).toContain("Settlement & <billing>");
  });

  it("prints the report's SHA-256", () => {
    const hash = reportHash(report);
    expect([...doc.querySelectorAll("code")].map((c) => c.textContent)).toContain(hash);
  });

  it("gives every table header a scope and every table a caption", () => {
    const ths = [...doc.querySelectorAll("th")];
    expect(ths.length).toBeGreaterThan(50);
    expect(ths.filter((th) => !["col", "row"].includes(th.getAttribute("scope") ?? ""))).toEqual([]);
    expect([...doc.querySelectorAll("table")].filter((t) => !t.querySelector(":scope > caption"))).toEqual([]);
    expect([...doc.querySelectorAll("thead th")].every((th) => th.getAttribute("scope") === "col")).toBe(true);
  });

  it("has one h1 and never skips a heading level", () => {
    const levels = [...doc.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1]));
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    const skips = levels.filter((l, i) => i > 0 && l > levels[i - 1] + 1);
    expect(skips).toEqual([]);
  });

  it("labels each section by its heading, with unique ids", () => {
    const ids = all.map((e) => e.id).filter((id) => id !== "");
    expect(new Set(ids).size).toBe(ids.length);
    const sections = [...doc.querySelectorAll("section")];
    expect(sections.length).toBe(14);
    for (const s of sections) {
      const label = doc.getElementById(s.getAttribute("aria-labelledby") ?? "");
      expect(label?.tagName).toBe("H2");
      expect(s.contains(label)).toBe(true);
    }
  });

  it("makes scrollable table regions reachable by keyboard and named", () => {
    const regions = [...doc.querySelectorAll(".table-wrap")];
    expect(regions.length).toBeGreaterThan(5);
    expect(
      regions.every(
        (r) =>
          r.getAttribute("tabindex") === "0" && r.getAttribute("role") === "region" && !!r.getAttribute("aria-label"),
      ),
    ).toBe(true);
  });
});
