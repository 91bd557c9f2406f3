/** A fresh element in the document for each test of a view, unmounted and removed after it. */
import * as React from "react";
import * as ReactDOM from "react-dom";
import { act } from "react-dom/test-utils";

export interface MountPoint {
  /** This test's element; read it inside a test or hook. */
  readonly root: HTMLElement;
  /** Renders `element` into `root` inside `act`, and answers `root`. */
  render(element: React.ReactElement): HTMLElement;
}

/** Registers `beforeEach` (append a new `div` to the body) and `afterEach` (unmount and remove it). */
export function useMountPoint(): MountPoint {
  let current: HTMLElement | undefined;
  beforeEach(() => {
    current = document.createElement("div");
    document.body.appendChild(current);
  });
  afterEach(() => {
    if (!current) return;
    ReactDOM.unmountComponentAtNode(current);
    current.remove();
  });
  const root = (): HTMLElement => {
    if (!current) throw new Error("No mount point: read it inside a test or hook.");
    return current;
  };
  return {
    get root(): HTMLElement {
      return root();
    },
    render(element: React.ReactElement): HTMLElement {
      const into = root();
      act(() => {
        ReactDOM.render(element, into);
      });
      return into;
    },
  };
}
