/** The QT burn-up widget's page (dist/web/burn-up-widget.html). */
import * as React from "react";
import "../shared/widgets.css";
import { createWidgetController } from "../shared/controller";
import { renderInto, startPage } from "../shared/bootstrap";
import { loadBurnUp } from "../shared/load";
import { parseExitReadinessConfig } from "../shared/widget-settings";
import { BurnUpView } from "./BurnUpView";

startPage(
  (data, root) =>
    createWidgetController({
      parse: parseExitReadinessConfig,
      read: (hubData, settings, config, now) => loadBurnUp(hubData, settings, config.participantRole, now),
      render: (props) => renderInto(root, <BurnUpView {...props} />),
      data,
    }),
  (root, failure) => renderInto(root, <BurnUpView title="" size="medium" state={failure} />),
);
