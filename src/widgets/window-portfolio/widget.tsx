/** The window portfolio widget's page (dist/web/window-portfolio-widget.html). */
import * as React from "react";
import "../shared/widgets.css";
import { createWidgetController } from "../shared/controller";
import { renderInto, startPage } from "../shared/bootstrap";
import { loadWindowPortfolio } from "../shared/load";
import { parseWindowPortfolioConfig } from "../shared/widget-settings";
import { WindowPortfolioView } from "./WindowPortfolioView";
import { readWindowPortfolio } from "./read";

startPage(
  (data, root) =>
    createWidgetController({
      parse: parseWindowPortfolioConfig,
      read: readWindowPortfolio(loadWindowPortfolio),
      render: (props) => renderInto(root, <WindowPortfolioView {...props} />),
      data,
    }),
  (root, failure) => renderInto(root, <WindowPortfolioView title="" size="medium" state={failure} />),
);
