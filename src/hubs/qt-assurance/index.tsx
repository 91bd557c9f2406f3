/**
 * Entry of the QT Assurance hub (Test Plans → QT Assurance): the portfolio of participant-roles, a participant-
 * role's detail and its completion report, all over one shell that connects to the host and loads the settings.
 */
import "azure-devops-ui/Core/override.css";
import "../../ui/hub.css";
import * as React from "react";
import * as ReactDOM from "react-dom";
import { connectToHost } from "../../ui/host-connection";
import { HubShell } from "./hub-shell/HubShell";

const root = document.getElementById("root") ?? document.body.appendChild(document.createElement("div"));
ReactDOM.render(<HubShell connect={() => connectToHost()} />, root);
