/** The window portfolio widget's configuration page (dist/web/window-portfolio-config.html). */
import * as React from "react";
import "../shared/widgets.css";
import { renderInto, startPage } from "../shared/bootstrap";
import { createConfigController } from "../shared/config-controller";
import {
  WindowPortfolioConfig,
  parseWindowPortfolioConfig,
  toCustomSettings,
  windowPortfolioProblem,
} from "../shared/widget-settings";
import { WindowPortfolioConfigView } from "./WindowPortfolioConfig";

const noop = () => undefined;

startPage(
  (data, root) =>
    createConfigController<WindowPortfolioConfig>({
      parse: parseWindowPortfolioConfig,
      problem: windowPortfolioProblem,
      toCustomSettings,
      render: (props) => renderInto(root, <WindowPortfolioConfigView {...props} />),
      data,
    }),
  (root, failure) =>
    renderInto(
      root,
      <WindowPortfolioConfigView state={failure} value={undefined} problem={undefined} onChange={noop} />,
    ),
);
