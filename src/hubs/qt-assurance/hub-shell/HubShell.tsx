/**
 * The QT Assurance hub's shell: connects to the host, loads the stored settings through the store, keeps the view
 * in the host page's query string, and renders the view for the route. Every way this can fail ends in a page that
 * says what happened and offers a Retry, never a blank frame.
 */
import * as React from "react";
import { HostConnection, HostUnavailableError, notifyLoaded, withTimeout } from "../../../ui/host-connection";
import { HubData, createHubData } from "../../../ui/hub-data";
import { FullPageError, LoadingState, SettingsInvalid, SettingsMissing, errorText } from "../../../ui/PageStates";
import { Settings } from "../../../core/settings";
import { SettingsError } from "../../../core/validate-settings";
import { App } from "../App";
import { HubRoute, parseRoute, routeToQuery } from "../routes";

export interface HubShellProps {
  connect(): Promise<HostConnection>;
  /** Builds the port, caller and store from the connection (tests give a fake). */
  createData?(host: HostConnection): HubData;
  now?(): Date;
}

type Phase =
  | { kind: "connecting" }
  | { kind: "host-error"; error: unknown }
  | { kind: "loading-settings" }
  | { kind: "read-error"; error: unknown }
  | { kind: "settings-missing" }
  | { kind: "settings-invalid"; errors: SettingsError[] }
  | { kind: "ready"; settings: Settings };

const systemClock = () => new Date();

export function HubShell({ connect, createData = createHubData, now = systemClock }: HubShellProps): JSX.Element {
  const [phase, setPhase] = React.useState<Phase>({ kind: "connecting" });
  const [route, setRoute] = React.useState<HubRoute>({ view: "portfolio" });
  const [data, setData] = React.useState<HubData | undefined>(undefined);
  const notified = React.useRef(false);
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const tellHost = (error?: unknown) => {
    if (notified.current) return;
    notified.current = true;
    notifyLoaded(error);
  };

  const loadSettings = React.useCallback(async (hubData: HubData) => {
    setPhase({ kind: "loading-settings" });
    try {
      const loaded = await hubData.store.loadSettings();
      if (!mounted.current) return;
      if (loaded.kind === "missing") setPhase({ kind: "settings-missing" });
      else if (loaded.kind === "invalid") setPhase({ kind: "settings-invalid", errors: loaded.errors });
      else setPhase({ kind: "ready", settings: loaded.settings });
    } catch (error) {
      if (mounted.current) setPhase({ kind: "read-error", error });
    }
    // The page shows something the user can act on either way: the host may drop its loading indicator.
    tellHost();
  }, []);

  const start = React.useCallback(async () => {
    setPhase({ kind: "connecting" });
    let hubData: HubData;
    try {
      const host = await connect();
      hubData = createData(host);
      const query = await withTimeout(host.navigation.getQueryParams(), "The navigation service");
      if (!mounted.current) return;
      setRoute(parseRoute(query ?? {}));
      // Back/forward in the host page: follow the URL when the host reports a change.
      host.navigation.onHashChanged(() => {
        void host.navigation.getQueryParams().then(
          (q) => mounted.current && setRoute(parseRoute(q ?? {})),
          () => undefined,
        );
      });
      setData(hubData);
    } catch (error) {
      if (!mounted.current) return;
      setPhase({ kind: "host-error", error });
      tellHost(error);
      return;
    }
    await loadSettings(hubData);
  }, [connect, createData, loadSettings]);

  React.useEffect(() => {
    void start();
  }, [start]);

  const navigate = React.useCallback(
    (to: HubRoute) => {
      setRoute(to);
      if (!data) return;
      data.host.navigation.setQueryParams(routeToQuery(to));
    },
    [data],
  );

  let content: JSX.Element;
  switch (phase.kind) {
    case "connecting":
      content = <LoadingState label="Connecting to Azure DevOps…" />;
      break;
    case "loading-settings":
      content = <LoadingState label="Loading the QT Assurance settings…" />;
      break;
    case "host-error":
      content =
        phase.error instanceof HostUnavailableError ? (
          <FullPageError
            title="This page must be opened inside Azure DevOps"
            advice="The Azure DevOps host did not answer. Open QT Assurance from Test Plans in your Azure DevOps project. If it is open there, reload the page."
            cause={errorText(phase.error)}
            onRetry={() => void start()}
          />
        ) : (
          <FullPageError
            title="Could not connect to Azure DevOps"
            advice="Reload the page. If it keeps failing, check that the QT Assurance extension is installed for this organisation."
            cause={errorText(phase.error)}
            onRetry={() => void start()}
          />
        );
      break;
    case "read-error":
      content = (
        <FullPageError
          title="Could not read the QT Assurance settings"
          advice="The settings are stored in the extension's data in Azure DevOps. Retry; if it keeps failing, check your access to this project."
          cause={errorText(phase.error)}
          onRetry={data ? () => void loadSettings(data) : undefined}
        />
      );
      break;
    case "settings-missing":
      content = <SettingsMissing onRetry={data ? () => void loadSettings(data) : undefined} />;
      break;
    case "settings-invalid":
      content = <SettingsInvalid errors={phase.errors} onRetry={data ? () => void loadSettings(data) : undefined} />;
      break;
    case "ready":
      content = data ? (
        <App data={data} settings={phase.settings} navigate={navigate} now={now} route={route} />
      ) : (
        <LoadingState label="Connecting to Azure DevOps…" />
      );
      break;
  }
  // The one main landmark of the frame: every state of every view is inside it.
  return <main className="qt-hub flex-grow flex-column">{content}</main>;
}
