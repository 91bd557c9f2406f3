import { AreaNode, FieldDef, ProjectState, SandboxState, WorkItem, WorkItemTypeDef } from "../../../sandbox/state";

/** A token with the work scope only, and one without it. */
export const WIT_TOKEN = "test-token";
export const TEST_ONLY_TOKEN = "test-only-token";

export const basic = (token: string) => `Basic ${Buffer.from(`:${token}`).toString("base64")}`;

export const STOCK_SEVERITIES = ["1 - Critical", "2 - High", "3 - Medium", "4 - Low"];
export const QT_SEVERITIES = ["Sev1", "Sev2", "Sev3", "Sev4", "Sev5"];

export const WIT_FIELDS: FieldDef[] = [
  { referenceName: "System.Id", name: "ID", type: "integer", readOnly: true },
  { referenceName: "System.Title", name: "Title", type: "string" },
  { referenceName: "System.State", name: "State", type: "string" },
  { referenceName: "System.WorkItemType", name: "Work Item Type", type: "string" },
  { referenceName: "System.TeamProject", name: "Team Project", type: "string", readOnly: true },
  { referenceName: "System.AreaPath", name: "Area Path", type: "treePath" },
  { referenceName: "System.Tags", name: "Tags", type: "plainText" },
  { referenceName: "System.AssignedTo", name: "Assigned To", type: "identity" },
  { referenceName: "System.CreatedDate", name: "Created Date", type: "dateTime", readOnly: true },
  { referenceName: "System.ChangedDate", name: "Changed Date", type: "dateTime", readOnly: true },
  { referenceName: "Microsoft.VSTS.Common.Severity", name: "Severity", type: "string" },
  { referenceName: "Microsoft.VSTS.Common.Priority", name: "Priority", type: "integer" },
  { referenceName: "Custom.QTSeverity", name: "QT Severity", type: "string" },
  { referenceName: "Custom.Impact", name: "Impact Assessment", type: "html" },
  { referenceName: "Custom.Mitigation", name: "Mitigation Plan", type: "html" },
];

const node = (name: string, children: AreaNode[] = []): AreaNode => ({ id: 0, identifier: "", name, children });

/** Numbers a tree depth-first from `first`, parents before children, as the service's ids run. */
function numbered(root: AreaNode, first: number): AreaNode {
  let next = first;
  const visit = (n: AreaNode): AreaNode => {
    const id = next++;
    return {
      ...n,
      id,
      identifier: `00000000-0000-0000-0000-${String(id).padStart(12, "0")}`,
      children: n.children.map(visit),
    };
  };
  return visit(root);
}

const bugType = (): WorkItemTypeDef => ({
  name: "Bug",
  referenceName: "Microsoft.VSTS.WorkItemTypes.Bug",
  description: "Describes a divergence between required and actual behavior.",
  color: "CC293D",
  states: [
    { name: "New", category: "Proposed", color: "b2b2b2" },
    { name: "Active", category: "InProgress", color: "007acc" },
    { name: "Resolved", category: "Resolved", color: "ff9d00" },
    { name: "Closed", category: "Completed", color: "339933" },
    { name: "Removed", category: "Removed", color: "ffffff" },
  ],
  fields: [
    { referenceName: "System.Title" },
    {
      referenceName: "System.State",
      defaultValue: "New",
      allowedValues: ["New", "Active", "Resolved", "Closed", "Removed"],
    },
    { referenceName: "System.AreaPath" },
    { referenceName: "System.Tags" },
    { referenceName: "Microsoft.VSTS.Common.Severity", defaultValue: "3 - Medium", allowedValues: STOCK_SEVERITIES },
    { referenceName: "Custom.QTSeverity", allowedValues: QT_SEVERITIES },
    { referenceName: "Custom.Impact" },
    { referenceName: "Custom.Mitigation" },
  ],
});

const taskType = (): WorkItemTypeDef => ({
  name: "Task",
  referenceName: "Microsoft.VSTS.WorkItemTypes.Task",
  description: "Tracks work that needs to be done.",
  color: "F2CB1D",
  states: [
    { name: "New", category: "Proposed", color: "b2b2b2" },
    { name: "Active", category: "InProgress", color: "007acc" },
    { name: "Closed", category: "Completed", color: "339933" },
  ],
  fields: [{ referenceName: "System.Title" }, { referenceName: "System.State" }],
});

function project(id: string, name: string, areas: AreaNode): ProjectState {
  return {
    id,
    name,
    description: "",
    areas,
    workItemTypes: [bugType(), taskType()],
    plans: new Map(),
    suites: new Map(),
    configurations: new Map(),
    pointsBySuite: new Map(),
    runs: new Map(),
    resultsByRun: new Map(),
  };
}

export const ALICE = { id: "0001", displayName: "Alice Tester", uniqueName: "alice@example.org" };

export function item(id: number, fields: Record<string, unknown>, rev = 1): WorkItem {
  return { id, rev, fields: { "System.WorkItemType": "Bug", "System.TeamProject": "QT", ...fields } };
}

/**
 * Two projects: "QT", whose areas are QT\Suppliers\{ABCD-X, ABCD-XY, EFGH-X} and QT\LDSO\IJKL-R, and "Other".
 * Eight work items cover every state category, both severity fields, tags, an identity and a missing severity.
 */
export function witState(): SandboxState {
  const qt = project(
    "00000000-0000-0000-0000-0000000000aa",
    "QT",
    numbered(
      node("QT", [
        node("Suppliers", [node("ABCD-X"), node("ABCD-XY"), node("EFGH-X")]),
        node("LDSO", [node("IJKL-R")]),
      ]),
      100,
    ),
  );
  const other = project("00000000-0000-0000-0000-0000000000bb", "Other", numbered(node("Other"), 200));
  const items = [
    item(1, {
      "System.Title": "Settlement file rejected",
      "System.State": "Active",
      "System.AreaPath": "QT\\Suppliers\\ABCD-X",
      "System.Tags": "qt; ABCD-X",
      "Microsoft.VSTS.Common.Severity": "1 - Critical",
      "Microsoft.VSTS.Common.Priority": 1,
      "System.CreatedDate": "2025-01-10T09:00:00Z",
    }),
    item(2, {
      "System.Title": "Wrong MPAN in D0010",
      "System.State": "Closed",
      "System.AreaPath": "QT\\Suppliers\\ABCD-X",
      "System.Tags": "qt",
      "Microsoft.VSTS.Common.Severity": "2 - High",
      "Microsoft.VSTS.Common.Priority": 2,
      "System.CreatedDate": "2025-01-11T09:00:00Z",
    }),
    item(3, {
      "System.Title": "Timeout on registration",
      "System.State": "New",
      "System.AreaPath": "QT\\Suppliers\\EFGH-X",
      "System.Tags": "qt-extra; other",
      "Microsoft.VSTS.Common.Severity": "3 - Medium",
      "Custom.QTSeverity": "Sev3",
      "Custom.Impact": "Delays the daily run by an hour",
      "System.CreatedDate": "2025-01-12T09:00:00Z",
    }),
    item(4, {
      "System.Title": "Cosmetic label",
      "System.State": "Resolved",
      "System.AreaPath": "QT\\LDSO\\IJKL-R",
      "Microsoft.VSTS.Common.Severity": "4 - Low",
      "System.CreatedDate": "2025-01-13T09:00:00Z",
    }),
    item(5, {
      "System.WorkItemType": "Task",
      "System.Title": "Load test data",
      "System.State": "Active",
      "System.AreaPath": "QT\\Suppliers",
    }),
    item(6, {
      "System.TeamProject": "Other",
      "System.Title": "Other project's defect",
      "System.State": "Active",
      "System.AreaPath": "Other",
      "Microsoft.VSTS.Common.Severity": "1 - Critical",
    }),
    item(
      7,
      {
        "System.Title": "It's removed",
        "System.State": "Removed",
        "System.AreaPath": "QT\\Suppliers\\ABCD-X",
        "Microsoft.VSTS.Common.Severity": "2 - High",
        "System.AssignedTo": ALICE,
      },
      4,
    ),
    item(8, {
      "System.Title": "Neighbour area",
      "System.State": "Active",
      "System.AreaPath": "QT\\Suppliers\\ABCD-XY",
    }),
  ];
  return {
    organization: { name: "test-org", id: "00000000-0000-0000-0000-000000000001" },
    projects: [qt, other],
    fields: WIT_FIELDS.map((f) => ({ ...f })),
    workItems: new Map(items.map((i) => [i.id, i])),
    extensionData: new Map(),
    areaDenies: [],
    tokens: new Map([
      [WIT_TOKEN, { identity: ALICE, scopes: ["vso.work"] }],
      [TEST_ONLY_TOKEN, { identity: ALICE, scopes: ["vso.test"] }],
    ]),
  };
}

/** Adds `count` active bugs tagged "bulk" under QT\LDSO, with ids from 1000 — enough to pass the WIQL limit. */
export function addBulkBugs(state: SandboxState, count: number): void {
  for (let i = 0; i < count; i++) {
    const id = 1000 + i;
    state.workItems.set(
      id,
      item(id, {
        "System.Title": `Bulk ${i}`,
        "System.State": "Active",
        "System.AreaPath": "QT\\LDSO",
        "System.Tags": "bulk",
      }),
    );
  }
}
