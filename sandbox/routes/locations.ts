import { ApiResourceLocation, WIT_LOCATIONS, WIT_RESOURCE_AREA_ID } from "./wit-locations";

export type { ApiResourceLocation };

/**
 * The registry discovery serves: the resource areas (`GET /_apis/ResourceAreas`) and each area's API resource
 * locations (`OPTIONS /_apis/{area}`). Location ids are the ones azure-devops-node-api 17 looks up with
 * `getVersioningData(version, area, locationId, …)`; route templates are the service's (the same paths the
 * browser clients in azure-devops-extension-api hard-code). `resourceVersion` is at least the preview revision
 * each client method requests, and `maxVersion` 7.2, so the node client keeps the version it asked for.
 */

export interface ResourceAreaEntry {
  /** The id WebApi looks the area up by (`RESOURCE_AREA_ID`). */
  id: string;
  /** The area's name as the service spells it (and as `OPTIONS /_apis/{name}` takes it, case-insensitively). */
  name: string;
  locations: readonly ApiResourceLocation[];
}

const MAX_VERSION = "7.2";

function location(
  area: string,
  id: string,
  resourceName: string,
  routeTemplate: string,
  resourceVersion: number,
  minVersion: string,
  releasedVersion = "7.1",
): ApiResourceLocation {
  return {
    id,
    area,
    resourceName,
    routeTemplate,
    resourceVersion,
    minVersion,
    maxVersion: MAX_VERSION,
    releasedVersion,
  };
}

export const LOCATION_LOCATIONS: readonly ApiResourceLocation[] = [
  // LocationsApi.getConnectionData.
  location("Location", "00d9565f-ed9c-4a06-9a50-00e7896ccab4", "ConnectionData", "_apis/{resource}", 1, "1.0", "0.0"),
  // LocationsApi.getResourceAreas / getResourceArea.
  location(
    "Location",
    "e81700f7-3be2-46de-8624-2eb35882fcaa",
    "ResourceAreas",
    "_apis/{resource}/{areaId}",
    1,
    "3.2",
    "0.0",
  ),
];

export const TESTPLAN_LOCATIONS: readonly ApiResourceLocation[] = [
  // getTestPlans / getTestPlanById.
  location(
    "testplan",
    "0e292477-a0c2-47f3-a9b6-34f153d627f4",
    "Plans",
    "{project}/_apis/{area}/{resource}/{planId}",
    1,
    "5.0",
  ),
  // getTestSuitesForPlan / getTestSuiteById.
  location(
    "testplan",
    "1046d5d3-ab61-4ca7-a65a-36118a978256",
    "Suites",
    "{project}/_apis/{area}/Plans/{planId}/{resource}/{suiteId}",
    1,
    "5.0",
  ),
  // getPointsList / getPoints.
  location(
    "testplan",
    "52df686e-bae4-4334-b0ee-b6cf4e6f6b73",
    "TestPoint",
    "{project}/_apis/{area}/Plans/{planId}/Suites/{suiteId}/{resource}/{pointIds}",
    2,
    "5.1",
  ),
  // getTestCaseList / getTestCase (the controller's resource is SuiteTestCase; the path says TestCase).
  location(
    "testplan",
    "a9bd61ac-45cf-4d13-9441-43dcd01edf8d",
    "SuiteTestCase",
    "{project}/_apis/{area}/Plans/{planId}/Suites/{suiteId}/TestCase/{testCaseId}",
    3,
    "5.1",
  ),
  // getTestConfigurations / getTestConfigurationById.
  location(
    "testplan",
    "8369318e-38fa-4e84-9043-4b2a75d2c256",
    "Configurations",
    "{project}/_apis/{area}/{resource}/{testConfigurationId}",
    1,
    "5.0",
  ),
];

export const TEST_LOCATIONS: readonly ApiResourceLocation[] = [
  // getTestRuns / getTestRunById.
  location(
    "Test",
    "cadb3810-d47d-4a3c-a234-fe5f3be50138",
    "Runs",
    "{project}/_apis/{area}/{resource}/{runId}",
    3,
    "1.0",
  ),
  // getTestResults / getTestResultById.
  location(
    "Test",
    "4637d869-3a76-4468-8057-0bb02aa385cf",
    "Results",
    "{project}/_apis/{area}/Runs/{runId}/{resource}/{testCaseResultId}",
    6,
    "1.0",
  ),
  // getPoints (legacy points of a suite) / getPoint.
  location(
    "Test",
    "3bcfd5c8-be62-488e-b1da-b8289ce9299c",
    "Points",
    "{project}/_apis/{area}/Plans/{planId}/Suites/{suiteId}/{resource}/{pointIds}",
    2,
    "1.0",
  ),
];

export const CORE_LOCATIONS: readonly ApiResourceLocation[] = [
  // getProjects / getProject.
  location("core", "603fe2ac-9723-48b9-88ad-09305aa6c6e1", "projects", "_apis/{resource}/{*projectId}", 4, "1.0"),
  // getTeamMembersWithExtendedProperties (served by teams.ts).
  location(
    "core",
    "294c494c-2600-4d7e-b76c-3dd50c3c95be",
    "members",
    "_apis/projects/{projectId}/teams/{teamId}/{resource}",
    2,
    "1.0",
  ),
];

export const EXTENSION_MANAGEMENT_LOCATIONS: readonly ApiResourceLocation[] = [
  // getDocumentByName / getDocumentsByName / create / set / update / deleteDocumentByName (served by extension-data.ts).
  location(
    "ExtensionManagement",
    "bbe06c18-1c8b-4fcd-b9c6-1535aaab8749",
    "Documents",
    "_apis/{area}/InstalledExtensions/{publisherName}/{extensionName}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/{resource}/{documentId}",
    1,
    "3.0",
    "0.0",
  ),
];

export const SECURITY_LOCATIONS: readonly ApiResourceLocation[] = [
  // Permissions_Has Permissions Batch (served by security.ts).
  location(
    "Security",
    "cf1faa59-1b63-4448-bf04-13d981a46f5d",
    "PermissionEvaluationBatch",
    "_apis/{area}/{resource}",
    1,
    "3.0",
    "3.0",
  ),
];

/** Every area the sandbox serves, with the resource-area ids `WebApi.get…Api()` resolves. */
export const RESOURCE_AREAS: readonly ResourceAreaEntry[] = [
  { id: "e4c27205-9d23-4c98-b958-d798bc3f9cd4", name: "testplan", locations: TESTPLAN_LOCATIONS },
  { id: "c2aa639c-3ccc-4740-b3b6-ce2a1e1d984e", name: "Test", locations: TEST_LOCATIONS },
  { id: "79134c72-4a58-4b42-976c-04e7115f32bf", name: "core", locations: CORE_LOCATIONS },
  { id: WIT_RESOURCE_AREA_ID, name: "wit", locations: WIT_LOCATIONS },
  {
    id: "6c2b0933-3600-42ae-bf8b-93d4f7e83594",
    name: "ExtensionManagement",
    locations: EXTENSION_MANAGEMENT_LOCATIONS,
  },
];

/**
 * The Location area is answered by `OPTIONS /_apis/Location` but is not listed among the resource areas:
 * clients reach it at the organisation URL they were given, before they know any area.
 */
const ALL_AREAS: readonly { name: string; locations: readonly ApiResourceLocation[] }[] = [
  { name: "Location", locations: LOCATION_LOCATIONS },
  // Security is served at the organisation URL; the Node adapter asks for its locations there, through the
  // extension management client's base URL, so it needs no resource-area entry either.
  { name: "Security", locations: SECURITY_LOCATIONS },
  ...RESOURCE_AREAS,
];

/** An area's locations (the area name is case-insensitive: node's TestApi asks for `Test`), or undefined. */
export function locationsOf(area: string): readonly ApiResourceLocation[] | undefined {
  const key = area.toLowerCase();
  return ALL_AREAS.find((a) => a.name.toLowerCase() === key)?.locations;
}

export function allLocations(): ApiResourceLocation[] {
  return ALL_AREAS.flatMap((a) => a.locations);
}
