/** Entry of the settings hub (ms.vss-web.project-admin-hub-group): connects to the host, then shows the editor. */
import "azure-devops-ui/Core/override.css";
import "./settings-hub.css";
import * as React from "react";
import * as ReactDOM from "react-dom";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Surface, SurfaceBackground } from "azure-devops-ui/Surface";
import { connectToHost, notifyLoaded } from "../../ui/host-connection";
import { createHubData } from "../../ui/hub-data";
import { createTypeCatalog } from "./catalog";
import { SettingsHub } from "./SettingsHub";

function Shell(props: { children: React.ReactNode }): JSX.Element {
  return (
    <Surface background={"neutral" as unknown as SurfaceBackground}>
      <main className="sh-shell">{props.children}</main>
    </Surface>
  );
}

async function main(root: HTMLElement): Promise<void> {
  let host;
  try {
    host = await connectToHost();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ReactDOM.render(
      <Shell>
        <MessageCard severity={"Error" as MessageCardSeverity} className="sh-card-msg">
          {`Azure DevOps did not answer, so the settings cannot be shown: ${message} Open this page from Project settings › QT Assurance, or reload.`}
        </MessageCard>
      </Shell>,
      root,
    );
    notifyLoaded(error);
    return;
  }
  const data = createHubData(host);
  const catalog = createTypeCatalog(data.api);
  ReactDOM.render(
    <Shell>
      <SettingsHub data={data} catalog={catalog} onLoaded={(error) => notifyLoaded(error)} />
    </Shell>,
    root,
  );
}

const root = document.getElementById("root");
if (root) void main(root);
