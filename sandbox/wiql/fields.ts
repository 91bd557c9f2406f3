import { FieldDef } from "../state";

/**
 * Fields every organisation has, whatever its process. A state may list them (with its own names); any it
 * leaves out are added, so `[System.Id]` or `[System.TeamProject]` always resolve.
 */
export const CORE_FIELDS: readonly FieldDef[] = [
  { referenceName: "System.Id", name: "ID", type: "integer", readOnly: true },
  { referenceName: "System.Rev", name: "Rev", type: "integer", readOnly: true },
  { referenceName: "System.Title", name: "Title", type: "string" },
  { referenceName: "System.State", name: "State", type: "string" },
  { referenceName: "System.Reason", name: "Reason", type: "string" },
  { referenceName: "System.WorkItemType", name: "Work Item Type", type: "string" },
  { referenceName: "System.TeamProject", name: "Team Project", type: "string", readOnly: true },
  { referenceName: "System.AreaPath", name: "Area Path", type: "treePath" },
  { referenceName: "System.IterationPath", name: "Iteration Path", type: "treePath" },
  { referenceName: "System.Tags", name: "Tags", type: "plainText" },
  { referenceName: "System.AssignedTo", name: "Assigned To", type: "identity" },
  { referenceName: "System.CreatedBy", name: "Created By", type: "identity", readOnly: true },
  { referenceName: "System.CreatedDate", name: "Created Date", type: "dateTime", readOnly: true },
  { referenceName: "System.ChangedBy", name: "Changed By", type: "identity", readOnly: true },
  { referenceName: "System.ChangedDate", name: "Changed Date", type: "dateTime", readOnly: true },
  { referenceName: "System.Description", name: "Description", type: "html" },
];

/** Fields by reference name or friendly name, case-insensitively, as WIQL and the REST API resolve them. */
export class FieldCatalog {
  private readonly byKey = new Map<string, FieldDef>();
  readonly fields: readonly FieldDef[];

  constructor(fields: readonly FieldDef[]) {
    const known = new Set(fields.map((f) => f.referenceName.toLowerCase()));
    this.fields = [...fields, ...CORE_FIELDS.filter((f) => !known.has(f.referenceName.toLowerCase()))];
    // Reference names win over friendly names that happen to collide with them.
    for (const f of this.fields) if (!this.byKey.has(f.name.toLowerCase())) this.byKey.set(f.name.toLowerCase(), f);
    for (const f of this.fields) this.byKey.set(f.referenceName.toLowerCase(), f);
  }

  find(nameOrReference: string): FieldDef | undefined {
    return this.byKey.get(nameOrReference.trim().toLowerCase());
  }
}
