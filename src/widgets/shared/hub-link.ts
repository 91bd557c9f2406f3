/**
 * The address of the QT Assurance hub's detail view for a participant-role, as Azure DevOps routes an extension's
 * hub: `{orgUrl}{project}/_apps/hub/{publisher}.{extension}.qt-hub?view=detail&pr=KEY`. Built from what the host
 * said (organisation URL, project, extension identity), never from the widget frame's own address.
 */
import type { HostConnection } from "../../ui/host-connection";

export type HubLinkHost = Pick<HostConnection, "orgUrl" | "project" | "extension">;

export const HUB_CONTRIBUTION = "qt-hub";

export function hubDetailUrl(host: HubLinkHost, participantRole: string, tab?: string): string {
  const org = host.orgUrl.endsWith("/") ? host.orgUrl : `${host.orgUrl}/`;
  const hub = `${host.extension.publisherId}.${host.extension.extensionId}.${HUB_CONTRIBUTION}`;
  const query = new URLSearchParams({ view: "detail", pr: participantRole, ...(tab ? { tab } : {}) });
  return `${org}${encodeURIComponent(host.project.name)}/_apps/hub/${hub}?${query.toString()}`;
}
