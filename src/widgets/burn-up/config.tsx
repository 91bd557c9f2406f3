/** The QT burn-up widget's configuration page (dist/web/burn-up-config.html): the participant-role it charts. */
import * as React from "react";
import "../shared/widgets.css";
import { renderInto, startPage } from "../shared/bootstrap";
import { createConfigController } from "../shared/config-controller";
import {
  ExitReadinessConfig,
  exitReadinessProblem,
  parseExitReadinessConfig,
  toCustomSettings,
} from "../shared/widget-settings";
import { ExitReadinessConfigView } from "../exit-readiness/ExitReadinessConfig";

const noop = () => undefined;

startPage(
  (data, root) =>
    createConfigController<ExitReadinessConfig>({
      parse: parseExitReadinessConfig,
      problem: exitReadinessProblem,
      toCustomSettings,
      render: (props) => renderInto(root, <ExitReadinessConfigView {...props} />),
      data,
    }),
  (root, failure) =>
    renderInto(root, <ExitReadinessConfigView state={failure} value={undefined} problem={undefined} onChange={noop} />),
);
