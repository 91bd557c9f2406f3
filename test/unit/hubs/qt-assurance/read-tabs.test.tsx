import * as React from "react";
import { assess } from "../../../../src/core/assess";
import { CoverageTab, DefectsTab } from "../../../../src/hubs/qt-assurance/detail/read-tabs";
import { NOW, approvals, defect, facts, incompleteFacts, settings } from "../../../support/builders";
import { useMountPoint } from "../../../support/mount";

/** The detail view's coverage and defect tabs never show a 0 that was not read. */
const mount = useMountPoint();
const SETTINGS = settings();

describe("the read-only detail tabs", () => {
  it("say the defects were not counted instead of showing zeros", () => {
    const a = assess(incompleteFacts("defects", "HTTP 503"), SETTINGS, approvals(), NOW);
    const root = mount.render(<DefectsTab assessment={a} />);
    expect(root.textContent).toContain("Not counted: the defects were not read completely");
    expect(root.textContent).toContain("Defects were not read completely: HTTP 503");
    expect(root.querySelector("table")).toBeNull();
  });

  it("say the test points were not counted instead of 0 planned", () => {
    const a = assess(incompleteFacts("points", "HTTP 503"), SETTINGS, approvals(), NOW);
    const root = mount.render(<CoverageTab assessment={a} />);
    expect(root.textContent).toContain("Not counted: the test points were not read completely");
    expect(root.textContent).not.toContain("0 planned");
  });

  it("show the counts of a complete read", () => {
    const a = assess(facts({ defects: [defect({ severity: "1 - Critical" })] }), SETTINGS, approvals(), NOW);
    const root = mount.render(<DefectsTab assessment={a} />);
    expect(root.querySelector("table[aria-label='Defects by severity']")).not.toBeNull();
    expect(root.textContent).not.toContain("Not counted");
  });
});
