/** The exit readiness widget's page (dist/web/exit-readiness-widget.html). */
import * as React from "react";
import "../shared/widgets.css";
import { createWidgetController } from "../shared/controller";
import { renderInto, startPage } from "../shared/bootstrap";
import { loadExitReadiness } from "../shared/load";
import { parseExitReadinessConfig } from "../shared/widget-settings";
import { ExitReadinessView } from "./ExitReadinessView";

startPage(
  (data, root) =>
    createWidgetController({
      parse: parseExitReadinessConfig,
      read: (hubData, settings, config, now) => loadExitReadiness(hubData, settings, config.participantRole, now),
      render: (props) => renderInto(root, <ExitReadinessView {...props} />),
      data,
    }),
  (root, failure) => renderInto(root, <ExitReadinessView title="" size="medium" state={failure} />),
);
