/**
 * The configuration page of the exit readiness and burn-up widgets (dist/web/exit-readiness-config.html and
 * burn-up-config.html): both pick one participant-role.
 */
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
import { ExitReadinessConfigView } from "./ExitReadinessConfig";

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
