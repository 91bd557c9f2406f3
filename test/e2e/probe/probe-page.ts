/**
 * A test-only page that drives the local extension host through the REAL azure-devops-extension-sdk (built by
 * test/e2e/host.test.ts with webpack's Node API, never by `npm run build`). It writes what the host answered as
 * JSON into `#probe-result` (with `data-done`), so the test reads it from the DOM.
 */
import * as SDK from "azure-devops-extension-sdk";

/* eslint-disable @typescript-eslint/no-explicit-any -- the host's services arrive as untyped proxies */
type Service = Record<string, (...args: any[]) => Promise<any>>;

const root = document.getElementById("root") ?? document.body;
const style = document.createElement("style");
style.textContent = `
body { margin: 0; font: 14px "Segoe UI", system-ui, sans-serif; background: var(--background-color, #fff);
  color: var(--text-primary-color, #000); }
main { padding: 16px 24px; } h1 { font-size: 20px; margin: 0 0 8px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dt { color: var(--text-secondary-color, #666); } dd { margin: 0; word-break: break-all; }
.ok { color: var(--communication-foreground, #005a9e); }`;
document.head.appendChild(style);

const summary = document.createElement("dl");
const result = document.createElement("pre");
result.id = "probe-result";
result.hidden = true;
const hashEvents = document.createElement("ol");
hashEvents.id = "hash-events";
hashEvents.setAttribute("aria-label", "Hash changes reported by the host");
const main = document.createElement("main");
const heading = document.createElement("h1");
heading.textContent = "SDK probe";
main.append(heading, summary, hashEvents, result);
root.append(main);

function show(label: string, value: unknown): void {
  const dt = document.createElement("dt");
  dt.textContent = label;
  const dd = document.createElement("dd");
  dd.textContent = typeof value === "string" ? value : JSON.stringify(value);
  summary.append(dt, dd);
}

function errorOf(error: unknown): { message: string; status?: number; typeKey?: string } {
  const e = error as { message?: unknown; status?: unknown; typeKey?: unknown } | undefined;
  return {
    message: String(e?.message ?? error),
    status: typeof e?.status === "number" ? e.status : undefined,
    typeKey: typeof e?.typeKey === "string" ? e.typeKey : undefined,
  };
}

window.addEventListener("themeApplied", () => {
  document.body.dataset.themeBackground = getComputedStyle(document.documentElement)
    .getPropertyValue("--background-color")
    .trim();
});

async function probe(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  await SDK.init({ loaded: false, applyTheme: true });
  await SDK.ready();
  out.user = SDK.getUser();
  out.host = SDK.getHost();
  out.extension = SDK.getExtensionContext();
  out.contributionId = SDK.getContributionId();
  out.configuration = SDK.getConfiguration();
  out.token = await SDK.getAccessToken();
  out.appToken = await SDK.getAppToken();
  out.themeBackground = getComputedStyle(document.documentElement).getPropertyValue("--background-color").trim();

  const location = await SDK.getService<Service>("ms.vss-features.location-service");
  out.serviceLocation = await location.getServiceLocation();
  out.areaLocation = await location.getResourceAreaLocation("3b95fb80-fdda-4218-b60e-1052d070ae6b");
  const projects = await SDK.getService<Service>("ms.vss-tfs-web.tfs-page-data-service");
  out.project = await projects.getProject();

  // A REST call with the host's token: the sandbox's request log says who it authenticated.
  const whoami = await fetch(`${String(out.serviceLocation)}_apis/projects?api-version=7.1`, {
    headers: { authorization: `Bearer ${String(out.token)}`, "x-probe": "whoami" },
  });
  out.restStatus = whoami.status;

  const nav = await SDK.getService<Service>("ms.vss-features.host-navigation-service");
  out.queryBefore = await nav.getQueryParams();
  if ((out.queryBefore as Record<string, string>).fail) throw new Error("asked to fail by ?fail=");
  out.hashBefore = await nav.getHash();
  await nav.onHashChanged((hash: string) => {
    const item = document.createElement("li");
    item.textContent = hash;
    hashEvents.append(item);
  });
  await nav.setQueryParams({ probe: "set-by-page", removeme: "" });
  await nav.setHash("section=probe");
  out.queryAfter = await nav.getQueryParams();
  out.hashAfter = await nav.getHash();
  out.pageRoute = await nav.getPageRoute();

  const data = await SDK.getService<Service>("ms.vss-features.extension-data-service");
  const manager = (await data.getExtensionDataManager(SDK.getExtensionContext().id, String(out.token))) as Service;
  const id = `probe-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  out.created = await manager.createDocument("probe-docs", { id, text: "first" });
  const read = await manager.getDocument("probe-docs", id);
  out.read = read;
  out.updated = await manager.updateDocument("probe-docs", { ...read, text: "second" });
  try {
    await manager.updateDocument("probe-docs", { ...read, text: "stale" });
    out.staleUpdate = { refused: false };
  } catch (error) {
    out.staleUpdate = { refused: true, ...errorOf(error) };
  }
  try {
    await manager.getDocument("probe-docs", "no-such-document");
    out.missingDocument = { refused: false };
  } catch (error) {
    out.missingDocument = { refused: true, ...errorOf(error) };
  }
  out.documents = ((await manager.getDocuments("probe-docs")) as { id: string }[]).map((d) => d.id).includes(id);
  out.noCollection = await manager.getDocuments("probe-no-such-collection");
  await manager.setValue("probe-value", { n: 42 });
  out.value = await manager.getValue("probe-value");
  out.defaultValue = await manager.getValue("probe-missing-value", { defaultValue: "fallback" });
  const settings = (await manager.getDocument("qt-settings", "settings")) as Record<string, any>;
  out.seededSettings = { etag: settings.__etag, participantRoles: settings.settings?.registry?.length };

  try {
    await SDK.getService("ms.vss-nonexistent.no-such-service");
    out.unknownService = { rejected: false };
  } catch (error) {
    out.unknownService = { rejected: true, ...errorOf(error) };
  }
  const layout = await SDK.getService<Service>("ms.vss-features.host-page-layout-service");
  out.fullScreen = await layout.getFullScreenMode();
  try {
    await layout.openPanel("some.contribution", {});
    out.openPanel = { rejected: false };
  } catch (error) {
    out.openPanel = { rejected: true, ...errorOf(error) };
  }
  const messages = await SDK.getService<Service>("ms.vss-tfs-web.tfs-global-messages-service");
  await messages.addBanner({ message: "Probe banner: shown by the host", level: 0 });
  await SDK.notifyLoadSucceeded();
  return out;
}

probe().then(
  (out) => {
    const user = out.user as { displayName: string; name: string };
    show("user", `${user.displayName} <${user.name}>`);
    show("host", (out.host as { name: string }).name);
    show("contribution", out.contributionId);
    show("token", out.token);
    show("service location", out.serviceLocation);
    show("project", (out.project as { name: string }).name);
    show(
      "document etag (created → updated)",
      `${String((out.created as any).__etag)} → ${String((out.updated as any).__etag)}`,
    );
    show("stale update", (out.staleUpdate as { typeKey?: string }).typeKey ?? out.staleUpdate);
    show("unknown service", (out.unknownService as { message: string }).message);
    show("theme --background-color", out.themeBackground);
    result.textContent = JSON.stringify(out);
    result.dataset.done = "true";
  },
  (error: unknown) => {
    result.textContent = JSON.stringify({ failed: errorOf(error) });
    result.dataset.done = "true";
    void SDK.notifyLoadFailed(String(errorOf(error).message));
  },
);
