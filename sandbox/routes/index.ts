import { RouteModule } from "../server";
import { analyticsRoutes } from "../analytics/routes";
import { discoveryRoutes } from "./discovery";
import { extensionDataRoutes } from "./extension-data";
import { processRoutes } from "./processes";
import { securityRoutes } from "./security";
import { legacyTestRoutes } from "./test";
import { teamRoutes } from "./teams";
import { testPlanRoutes } from "./testplan";
import { witRoutes } from "./wit";
import { witReportingRoutes } from "./wit-reporting";

/** Every ADO API route module the sandbox serves (the control API is separate: sandbox/control.ts). */
export const ALL_ROUTES: RouteModule[] = [
  discoveryRoutes,
  testPlanRoutes,
  legacyTestRoutes,
  witRoutes,
  witReportingRoutes,
  extensionDataRoutes,
  securityRoutes,
  teamRoutes,
  processRoutes,
  analyticsRoutes,
];
