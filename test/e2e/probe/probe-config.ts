/**
 * A test-only widget configuration on the REAL azure-devops-extension-sdk (built by
 * test/e2e/host-dashboard.test.ts): registers an IWidgetConfiguration-shaped object recording `load`, `onSave` and
 * `listen` in `#config-calls`. Typing in `#probe-data` notifies `ConfigurationChange` with
 * `ConfigurationEvent.Args(customSettings)`; saving the text `invalid` answers as WidgetConfigurationSave.Invalid()
 * does (a rejection with `{isValid: false}`), anything else as Valid(customSettings).
 */
import * as SDK from "azure-devops-extension-sdk";

const CONFIGURATION_CHANGE = "ms.vss-dashboards-web.configurationChange";
const VERSION = { major: 1, minor: 0, patch: 0 };

interface Context {
  notify(event: string, args: { data: unknown }): Promise<{ getResponse(): Promise<string> }>;
}

const style = document.createElement("style");
style.textContent = `
body { margin: 0; padding: 12px; font: 13px "Segoe UI", system-ui, sans-serif;
  background: var(--background-color, #fff); color: var(--text-primary-color, #000); }
label { display: block; margin-bottom: 4px; } input { font: inherit; width: 90%; }
#notified { color: var(--text-secondary-color, #666); } ol { display: none; }`;
document.head.appendChild(style);
const label = document.createElement("label");
label.htmlFor = "probe-data";
label.textContent = "Probe data (customSettings.data)";
const input = document.createElement("input");
input.id = "probe-data";
const notified = document.createElement("p");
notified.id = "notified";
const calls = document.createElement("ol");
calls.id = "config-calls";
(document.getElementById("root") ?? document.body).append(label, input, notified, calls);

function record(method: string, value: unknown): void {
  const item = document.createElement("li");
  item.dataset.method = method;
  item.textContent = JSON.stringify(value ?? null);
  calls.append(item);
}

let context: Context | undefined;

input.addEventListener("input", () => {
  void context?.notify(CONFIGURATION_CHANGE, { data: { data: input.value, version: VERSION } }).then(async (result) => {
    notified.textContent = `notified: ${input.value} (response "${await result.getResponse()}")`;
  });
});

void (async () => {
  await SDK.init({ loaded: false, applyTheme: true });
  // Under the manifest's id, as the dashboard asks for it.
  SDK.register(SDK.getContributionId().split(".").slice(2).join("."), {
    load: (settings: { customSettings?: { data?: string } }, ctx: Context) => {
      record("load", { settings, contextNotify: typeof ctx?.notify });
      context = ctx;
      input.value = settings?.customSettings?.data ?? "";
      return Promise.resolve({ statusType: 0 });
    },
    onSave: () => {
      record("onSave", input.value);
      if (input.value === "invalid") return Promise.reject({ isValid: false });
      return Promise.resolve({ isValid: true, customSettings: { data: input.value, version: VERSION } });
    },
    onSaveComplete: () => record("onSaveComplete", null),
    listen: (event: string, args: unknown) => record("listen", { event, args }),
  });
  await SDK.notifyLoadSucceeded();
})();
