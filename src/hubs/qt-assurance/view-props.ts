import { Settings } from "../../core/settings";
import { HubData } from "../../ui/hub-data";
import { HubRoute } from "./routes";

/** What the hub's shell gives every view. */
export interface HubViewProps {
  data: HubData;
  /** The validated settings the shell loaded from extension data. */
  settings: Settings;
  /** Changes view (and the URL state with it). */
  navigate(to: HubRoute): void;
  /** The clock, injected so views and tests agree on "today". */
  now(): Date;
}
