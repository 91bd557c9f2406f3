import { act } from "react-dom/test-utils";

/** Lets the hub's pending promises and the re-renders they cause run out. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

/** Clicks the settings hub's tab whose label contains `name`. */
export async function clickTab(container: HTMLElement, name: string): Promise<void> {
  const t = [...container.querySelectorAll<HTMLElement>('[role="tab"]')].find((x) =>
    (x.textContent ?? "").includes(name),
  );
  if (!t) throw new Error(`no tab ${name}`);
  await act(async () => {
    t.click();
  });
  await settle();
}
