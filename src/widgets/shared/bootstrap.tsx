/**
 * Starts a widget or configuration page: connects to the host (the handshake first, so the page registers its
 * object with the dashboard as early as it can), builds the page's data access once, and renders into #root.
 */
import * as React from "react";
import * as ReactDOM from "react-dom";
import * as SDK from "azure-devops-extension-sdk";
import { connectToHost, notifyLoaded } from "../../ui/host-connection";
import { HubData, createHubData } from "../../ui/hub-data";
import { describeFailure } from "./load";

/** A widget reads little at a time: fewer concurrent requests than a hub, among a dozen widgets. */
const WIDGET_CONCURRENCY = 4;

export function pageRoot(): HTMLElement {
  return document.getElementById("root") ?? document.body.appendChild(document.createElement("div"));
}

/**
 * Connects, registers what `create` builds under the page's contribution ids (the manifest's short id and the
 * full one), and tells the host the page loaded.
 * When there is no host, `fallback` renders the failure.
 */
export function startPage(
  create: (data: () => Promise<HubData>, root: HTMLElement) => object,
  fallback: (root: HTMLElement, failure: ReturnType<typeof describeFailure>) => void,
): void {
  const root = pageRoot();
  const connecting = connectToHost({ loaded: false }).then((host) => createHubData(host, WIDGET_CONCURRENCY));
  const instance = create(() => connecting, root);
  void SDK.ready().then(() => {
    for (const id of registrationIds(SDK.getContributionId())) SDK.register(id, instance);
  });
  connecting.then(
    () => notifyLoaded(),
    (error: unknown) => {
      fallback(root, describeFailure(error));
      notifyLoaded(error);
    },
  );
}

/**
 * The ids a dashboard may ask for the page's object by: Microsoft's widget guide says the name given to `register`
 * must match the contribution's `id` in the manifest (`exit-readiness-widget`); the SDK gives the full
 * `publisher.extension.id`. Registering both answers whichever the dashboard uses.
 */
export function registrationIds(contributionId: string): string[] {
  const parts = contributionId.split(".");
  const short = parts.length > 2 ? parts.slice(2).join(".") : contributionId;
  return short === contributionId ? [contributionId] : [short, contributionId];
}

export function renderInto(root: HTMLElement, element: React.ReactElement): void {
  ReactDOM.render(element, root);
}
