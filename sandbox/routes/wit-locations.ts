/**
 * The wit area's API resource locations, as `OPTIONS /{org}/_apis/wit` answers them on the service. The ids and
 * route templates are the ones azure-devops-node-api's WorkItemTrackingApi looks up (`getVersioningData(…, "wit",
 * id, …)`); `resourceVersion` is at least the preview revision each client method asks for, so negotiation
 * keeps the version the client requested. The discovery module serves this list.
 */
export interface ApiResourceLocation {
  id: string;
  area: string;
  resourceName: string;
  routeTemplate: string;
  resourceVersion: number;
  minVersion: string;
  maxVersion: string;
  releasedVersion: string;
}

/** `WorkItemTrackingApi.RESOURCE_AREA_ID`: the id `GET /_apis/ResourceAreas` must list for the wit area. */
export const WIT_RESOURCE_AREA_ID = "5264459e-e5e0-4bd8-b118-0985e68a4ec5";

const location = (
  id: string,
  resourceName: string,
  routeTemplate: string,
  resourceVersion: number,
): ApiResourceLocation => ({
  id,
  area: "wit",
  resourceName,
  routeTemplate,
  resourceVersion,
  minVersion: "1.0",
  maxVersion: "7.2",
  releasedVersion: "7.1",
});

export const WIT_LOCATIONS: readonly ApiResourceLocation[] = [
  // queryByWiql (POST) — project and team are optional route values.
  location("1a9c53f7-f243-4447-b110-35ef023636e4", "wiql", "{project}/{team}/_apis/wit/{resource}/{id}", 2),
  // getWorkItems (GET ?ids=) and getWorkItem (GET /{id}).
  location("72c7ddf8-2cdc-4f60-90cd-ab71c14a399b", "workItems", "{project}/_apis/wit/{resource}/{id}", 3),
  // createWorkItem (POST, the type as `$Type`).
  location("62d3d110-0047-428c-ad3c-4fe872c91c74", "workItems", "{project}/_apis/wit/{resource}/${type}", 3),
  // createAttachment (POST ?fileName=) and getAttachmentContent (GET /{id}).
  location("e07b5fa4-1499-494d-a496-64b860fd64ff", "attachments", "{project}/_apis/wit/{resource}/{id}", 3),
  // readReportingRevisionsGet.
  location("f828fe59-dd87-495d-a17c-7a8d6211ca6c", "workItemRevisions", "{project}/_apis/wit/reporting/{resource}", 2),
  // getWorkItemsBatch (POST).
  location("908509b6-4248-4475-a1cd-829139ba419f", "workItemsBatch", "{project}/_apis/wit/{resource}", 1),
  // getWorkItemTypes / getWorkItemType.
  location("7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa", "workItemTypes", "{project}/_apis/wit/{resource}/{type}", 2),
  // getWorkItemTypeStates.
  location("7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa", "states", "{project}/_apis/wit/workitemtypes/{type}/{resource}", 1),
  // getWorkItemTypeFieldsWithReferences / getWorkItemTypeFieldWithReferences.
  location(
    "bd293ce5-3d25-4192-8e67-e8092e879efb",
    "fields",
    "{project}/_apis/wit/workitemtypes/{type}/{resource}/{field}",
    3,
  ),
  // getFields / getField.
  location("b51fd764-e5c2-4b9b-aaf7-3395cf4bdd94", "fields", "{project}/_apis/wit/{resource}/{fieldNameOrRefName}", 2),
  // getClassificationNode (structureGroup, path).
  location(
    "5a172953-1b41-49d3-840a-33f79c3ce89f",
    "classificationNodes",
    "{project}/_apis/wit/{resource}/{structureGroup}/{*path}",
    2,
  ),
  // getRootNodes.
  location("a70579d1-f53a-48ee-a5be-7be8659023b9", "classificationNodes", "{project}/_apis/wit/{resource}", 2),
];
