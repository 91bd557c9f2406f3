/** The exit readiness widget's page (dist/web/exit-readiness-widget.html). */
import * as React from "react";
import "../shared/widgets.css";
import { createWidgetController } from "../shared/controller";
import { renderInto, startPage } from "../shared/bootstrap";
import { loadBurnUp, loadExitReadiness } from "../shared/load";
import { parseExitReadinessConfig } from "../shared/widget-settings";
import { ExitReadinessView, SPARKLINE_DAYS } from "./ExitReadinessView";

startPage(
  (data, root) =>
    createWidgetController({
      parse: parseExitReadinessConfig,
      read: (hubData, settings, config, now, size) =>
        size === "medium"
          ? loadBurnUp(hubData, settings, config.participantRole, now, SPARKLINE_DAYS)
          : loadExitReadiness(hubData, settings, config.participantRole, now).then((assessment) => ({ assessment })),
      render: (props) => renderInto(root, <ExitReadinessView {...props} />),
      data,
    }),
  (root, failure) => renderInto(root, <ExitReadinessView title="" size="medium" state={failure} />),
);
