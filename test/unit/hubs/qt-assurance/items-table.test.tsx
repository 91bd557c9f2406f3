import * as React from "react";
import { act } from "react-dom/test-utils";
import { assess } from "../../../../src/core/assess";
import { CriteriaTab } from "../../../../src/hubs/qt-assurance/detail/read-tabs";
import { NOW, approvals, defect, facts, point, settings } from "../../../support/builders";
import { useMountPoint } from "../../../support/mount";

/** Many items behind a reason are a sortable table of what identifies each one; a few stay links. */
const mount = useMountPoint();
const SETTINGS = settings();

function e4Table(root: HTMLElement): HTMLTableElement {
  const table = root.querySelector<HTMLTableElement>("[data-criterion='E4'] table.qt-items-table");
  if (!table) throw new Error("no table behind E4");
  return table;
}
const column = (table: HTMLTableElement, index: number) =>
  [...table.querySelectorAll("tbody tr")].map((r) => r.querySelectorAll("td")[index].textContent);

describe("the items behind a reason", () => {
  const points = [3, 1, 2, 5, 4].map((n) =>
    point({ id: 100 + n, testCaseId: 9000 + n, testCaseTitle: `Case ${"EDCBA"[n - 1]}`, outcome: "failed" }),
  );

  it("are a table of test cases, configurations and runs, sortable by every column", () => {
    const a = assess(facts({ points }), SETTINGS, approvals(), NOW);
    const root = mount.render(<CriteriaTab assessment={a} />);
    const table = e4Table(root);
    expect([...table.querySelectorAll("th")].map((th) => th.textContent)).toEqual([
      "Test point",
      "Test case",
      "Suite",
      "Outcome",
      "Latest run",
    ]);
    const header = (name: string) => [...table.querySelectorAll("th")].find((th) => th.textContent?.startsWith(name))!;
    act(() => header("Test case").querySelector("button")!.click());
    expect(column(table, 1)).toEqual(["9001", "9002", "9003", "9004", "9005"]);
    expect(header("Test case").getAttribute("aria-sort")).toBe("ascending");
    act(() => header("Test case").querySelector("button")!.click());
    expect(column(table, 1)).toEqual(["9005", "9004", "9003", "9002", "9001"]);
    expect(header("Test case").getAttribute("aria-sort")).toBe("descending");
    act(() => header("Test point").querySelector("button")!.click());
    expect(column(table, 0)).toEqual(["Case A", "Case B", "Case C", "Case D", "Case E"].map((c) => `${c} · UIT`));
  });

  it("stay links when there are only a few", () => {
    const a = assess(
      facts({ points: points.slice(0, 2), defects: [defect({ severity: "1 - Critical" })] }),
      SETTINGS,
      approvals(),
      NOW,
    );
    const root = mount.render(<CriteriaTab assessment={a} />);
    expect(root.querySelector("table.qt-items-table")).toBeNull();
    expect(root.querySelectorAll(".qt-inline-list a, .qt-inline-list span").length).toBeGreaterThan(0);
  });
});
