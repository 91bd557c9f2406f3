/**
 * A test-only dashboard widget on the REAL azure-devops-extension-sdk (built by test/e2e/host-dashboard.test.ts):
 * registers an IConfigurableWidget-shaped object that records every `preload`, `load` and `reload` with its
 * settings in `#widget-calls` (one `<li data-method>` each, its text the settings as JSON) and shows them.
 * `customSettings.data === "fail"` makes load/reload reject as WidgetStatusHelper.Failure does; a contribution id
 * ending in `silent-widget` never registers; one ending in `full-widget` registers under its full id only.
 */
import * as SDK from "azure-devops-extension-sdk";

interface Settings {
  name?: string;
  size?: { rowSpan: number; columnSpan: number };
  customSettings?: { data?: string; version?: unknown };
}

const style = document.createElement("style");
style.textContent = `
html, body { margin: 0; height: 100%; overflow: hidden; font: 13px "Segoe UI", system-ui, sans-serif;
  background: var(--background-color, #fff); color: var(--text-primary-color, #000); }
main { box-sizing: border-box; height: 100%; padding: 10px 12px; display: flex; flex-direction: column; gap: 4px; }
h2 { font-size: 15px; margin: 0; } .data { font-size: 22px; font-weight: 600;
  color: var(--communication-foreground, #005a9e); } .meta { color: var(--text-secondary-color, #666); }
ol { display: none; }`;
document.head.appendChild(style);
const main = document.createElement("main");
const title = document.createElement("h2");
const data = document.createElement("div");
data.className = "data";
const meta = document.createElement("div");
meta.className = "meta";
const calls = document.createElement("ol");
calls.id = "widget-calls";
main.append(title, data, meta, calls);
(document.getElementById("root") ?? document.body).append(main);

function record(method: string, settings: Settings): void {
  const item = document.createElement("li");
  item.dataset.method = method;
  item.textContent = JSON.stringify(settings ?? null);
  calls.append(item);
  title.textContent = settings?.name ?? "(no name)";
  data.textContent = settings?.customSettings?.data ?? "not configured";
  const size = settings?.size;
  meta.textContent = `${method} #${calls.children.length} · ${size ? `${size.columnSpan}×${size.rowSpan}` : "no size"}`;
}

function render(method: string, settings: Settings): Promise<{ state?: string; statusType: number }> {
  record(method, settings);
  if (settings?.customSettings?.data === "fail")
    return Promise.reject({ message: "probe failure: asked to fail", isRichText: false, isUserVisible: true });
  return Promise.resolve({ state: method, statusType: 0 });
}

void (async () => {
  await SDK.init({ loaded: false, applyTheme: true });
  const id = SDK.getContributionId();
  if (!id.endsWith("silent-widget")) {
    // Like a real widget page: registered after init() resolved, so the host must retry "could not be found".
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The manifest's id (the full one less `publisher.extension.`), as the widget guide says; the full-id probe
    // registers under the full id alone, which a dashboard following the guide does not ask for.
    SDK.register(id.endsWith("full-widget") ? id : id.split(".").slice(2).join("."), {
      preload: (settings: Settings) => {
        record("preload", settings);
        return Promise.resolve({ statusType: 0 });
      },
      load: (settings: Settings) => render("load", settings),
      reload: (settings: Settings) => render("reload", settings),
    });
  }
  // Like the real widgets' "open in the hub" link: the hub's Azure DevOps address, through the navigation service.
  const open = document.createElement("button");
  open.id = "open-hub";
  open.textContent = "Open hub";
  open.addEventListener("click", () => {
    void (async () => {
      const location = await SDK.getService<Record<string, (...args: string[]) => Promise<string>>>(
        "ms.vss-features.location-service",
      );
      const nav = await SDK.getService<Record<string, (url: string) => Promise<void>>>(
        "ms.vss-features.host-navigation-service",
      );
      const { publisherId, extensionId } = SDK.getExtensionContext();
      const org = await location.getServiceLocation();
      await nav.navigate(`${org}MHHS%20QT/_apps/hub/${publisherId}.${extensionId}.qt-hub?view=detail&pr=HOLL-X#tab=e1`);
    })();
  });
  main.append(open);
  await SDK.notifyLoadSucceeded();
})();
