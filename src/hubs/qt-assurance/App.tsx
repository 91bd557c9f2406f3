/**
 * The hub's views by route: the portfolio of a window, a participant-role's detail, its completion report.
 */
import * as React from "react";
import { ParticipantRoleDetail } from "./detail/ParticipantRoleDetail";
import { PortfolioView } from "./portfolio/PortfolioView";
import { CompletionReportView } from "./report/CompletionReportView";
import { QadView } from "./qad/QadView";
import { HubRoute } from "./routes";
import { HubViewProps } from "./view-props";

export interface AppProps extends HubViewProps {
  route: HubRoute;
}

export function App({ route, ...viewProps }: AppProps): JSX.Element {
  switch (route.view) {
    case "detail":
      return <ParticipantRoleDetail {...viewProps} participantRole={route.participantRole} tab={route.tab} />;
    case "report":
      return <CompletionReportView {...viewProps} participantRole={route.participantRole} compare={route.compare} />;
    case "qad":
      return <QadView {...viewProps} window={route.window} />;
    default:
      return <PortfolioView {...viewProps} route={route} />;
  }
}
