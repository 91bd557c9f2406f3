import * as React from "react";
import { act } from "react-dom/test-utils";
import { ExternalLink } from "../../../src/ui/ExternalLink";
import { ItemLink } from "../../../src/hubs/qt-assurance/detail/ui";
import { HubLink } from "../../../src/widgets/shared/ui";
import { useMountPoint } from "../../support/mount";

/** Addresses from stored data become links only when they are absolute http(s): never a script or a data page. */
const mount = useMountPoint();

const HOSTILE = [
  "javascript:alert(document.domain)",
  " JavaScript:alert(1)",
  "java\tscript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "//evil.example/x",
  "/_apis/x",
  "https://dev.azure.com/a b",
];

describe("links from stored data", () => {
  it.each(HOSTILE)("renders %j as text, never as a link", (href) => {
    const root = mount.render(<ExternalLink href={href}>Evidence</ExternalLink>);
    expect(root.querySelector("a")).toBeNull();
    expect(root.textContent).toBe("Evidence");
    expect(root.querySelector("span")?.getAttribute("title")).toMatch(/not an http\(s\) address/);
  });

  it.each(["https://dev.azure.com/contoso/_workitems/edit/1", "http://127.0.0.1:8091/x?y=1"])(
    "links %s in a new tab without an opener",
    (href) => {
      const a = mount.render(<ExternalLink href={href}>Open</ExternalLink>).querySelector("a")!;
      expect(a.getAttribute("href")).toBe(href);
      expect(a.getAttribute("target")).toBe("_blank");
      expect(a.getAttribute("rel")).toBe("noopener noreferrer");
    },
  );

  it("shows what was refused when asked to", () => {
    const root = mount.render(
      <ExternalLink href="javascript:x" refused="Not a web address: javascript:x">
        Evidence
      </ExternalLink>,
    );
    expect(root.textContent).toBe("Not a web address: javascript:x");
  });

  it("an item whose stored URL is not http(s) shows its id, unlinked", () => {
    const root = mount.render(<ItemLink item={{ kind: "defect", id: 7, url: "javascript:alert(1)" }} />);
    expect(root.querySelector("a")).toBeNull();
    expect(root.textContent).toBe("Defect 7");
  });

  /** The widgets' hub link to `href`, with the host's navigation as a mock. */
  function hubLink(href: string): { root: HTMLElement; open: jest.Mock } {
    const open = jest.fn();
    const root = mount.render(
      <HubLink href={href} open={open}>
        Hub
      </HubLink>,
    );
    return { root, open };
  }

  it("the widgets' hub link refuses a non-http address and never calls the host with it", () => {
    const { root, open } = hubLink("javascript:alert(1)");
    expect(root.querySelector("a")).toBeNull();
    act(() => (root.firstChild as HTMLElement).click());
    expect(open).not.toHaveBeenCalled();
  });

  it("the widgets' hub link hands a good address to the host's navigation", () => {
    const { root, open } = hubLink("https://dev.azure.com/contoso/p/_apps/hub/x");
    act(() => root.querySelector("a")!.click());
    expect(open).toHaveBeenCalledWith("https://dev.azure.com/contoso/p/_apps/hub/x");
  });
});
