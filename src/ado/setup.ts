/**
 * `qt-assure setup`: what the protected set-up needs in a project (docs/security.md), checked and — with `apply`,
 * run by an administrator — created: the two record work item types (approvals, settings) on the project's inherited
 * process, with their fields and states; the QT Administrators team and each assurer team the settings name; and the settings kept in a
 * settings record. Idempotent: what is there is left alone and reported as present. Who is in the teams, and who may
 * edit which area, stay the administrators' to decide in Azure DevOps; the steps say so.
 */
import { APPROVED, RECORD_FIELDS, REVOKED } from "../core/approval-records";
import { assurerTeamNames } from "../core/assurer-teams";
import { RECORD_TYPE, SETTINGS_TEAM, SETTINGS_TYPE } from "../core/settings-record";
import { Settings } from "../core/settings";
import { AdoSource } from "./assessment-run";
import { AdminPort } from "./node-admin-port";
import { SETTINGS_DOCUMENT_ID, storeCollections } from "./store";
import { validateSettings } from "../core/validate-settings";

export type StepStatus = "present" | "missing" | "created";

export interface SetupStep {
  what: string;
  status: StepStatus;
  /** What to do by hand, or what was found. */
  detail?: string;
}

/** The custom fields a record needs, with the type each is created as. */
export const RECORD_FIELD_DEFINITIONS: readonly {
  referenceName: string;
  name: string;
  type: string;
  description: string;
}[] = [
  {
    referenceName: RECORD_FIELDS.kind,
    name: "QT Record Kind",
    type: "string",
    description: "waiver, descope, mitigation, entry, signoff, submission or settings",
  },
  {
    referenceName: RECORD_FIELDS.participantRole,
    name: "QT Participant-Role",
    type: "string",
    description: "The participant-role, e.g. ABCD-X",
  },
  { referenceName: RECORD_FIELDS.window, name: "QT Window", type: "string", description: "The QT window id" },
  {
    referenceName: RECORD_FIELDS.body,
    name: "QT Governing Body",
    type: "string",
    description: "The Code Body, e.g. BSC",
  },
  {
    referenceName: RECORD_FIELDS.subject,
    name: "QT Subject",
    type: "string",
    description: "The point, defect, entry item or report the record is about",
  },
  {
    referenceName: RECORD_FIELDS.terms,
    name: "QT Terms",
    type: "plainText",
    description: "What was approved, as JSON (the settings, for a settings record)",
  },
];

/** The two record types: approvals (with their states), and the settings (any state will do). */
const RECORD_TYPES = [
  {
    name: RECORD_TYPE,
    description: "A Code Body's QT approval, sign-off, entry decision or submission.",
    color: "5C2D91",
    fields: RECORD_FIELD_DEFINITIONS.map((f) => f.referenceName),
    states: [
      { name: APPROVED, color: "007acc", stateCategory: "InProgress" },
      { name: REVOKED, color: "b2b2b2", stateCategory: "Removed" },
    ],
  },
  {
    name: SETTINGS_TYPE,
    description: "The QT Assurance settings: they count only as a member of the QT Administrators team saved them.",
    color: "339947",
    fields: [RECORD_FIELDS.kind, RECORD_FIELDS.terms] as string[],
    states: [],
  },
];

export async function runSetup(
  admin: AdminPort,
  source: AdoSource,
  settings: Settings | undefined,
  apply: boolean,
): Promise<SetupStep[]> {
  const steps: SetupStep[] = [];
  const fieldsSeen = new Set<string>();
  const step = (what: string, present: boolean, detail?: string): boolean => {
    steps.push({ what, status: present ? "present" : apply ? "created" : "missing", ...(detail ? { detail } : {}) });
    return !present && apply;
  };

  const processId = await admin.processOf(source.project);
  const types = await admin.listProcessTypes(processId);
  for (const wanted of RECORD_TYPES) {
    const found = types.find((t) => t.name.toLowerCase() === wanted.name.toLowerCase());
    let typeRef = found?.referenceName;
    if (step(`work item type "${wanted.name}" on the project's process`, found !== undefined))
      typeRef = (
        await admin.createProcessType(processId, {
          name: wanted.name,
          description: wanted.description,
          color: wanted.color,
        })
      ).referenceName;

    // A type just created has none of the record's fields or states yet; one that was there is asked.
    const onType = new Set(
      found
        ? (await source.api.listWorkItemTypeFields(source.project, wanted.name)).map((f) =>
            f.referenceName.toLowerCase(),
          )
        : [],
    );
    for (const field of RECORD_FIELD_DEFINITIONS.filter((f) => wanted.fields.includes(f.referenceName))) {
      if (!fieldsSeen.has(field.referenceName)) {
        fieldsSeen.add(field.referenceName);
        if (step(`field ${field.referenceName} in the organisation`, await admin.hasField(field.referenceName)))
          await admin.createField(field);
      }
      if (
        step(`field ${field.referenceName} on "${wanted.name}"`, onType.has(field.referenceName.toLowerCase())) &&
        typeRef
      )
        await admin.addTypeField(processId, typeRef, field.referenceName);
    }
    const states = new Set(
      found ? (await admin.listTypeStates(processId, found.referenceName)).map((s) => s.name.toLowerCase()) : [],
    );
    for (const state of wanted.states)
      if (step(`state "${state.name}" of "${wanted.name}"`, states.has(state.name.toLowerCase())) && typeRef)
        await admin.addTypeState(processId, typeRef, state);
  }

  const teams = new Set((await admin.listTeams(source.project)).map((t) => t.name.toLowerCase()));
  const wanted = [
    { name: SETTINGS_TEAM, description: "Keep the QT Assurance settings: only their saves count." },
    ...(settings ? assurerTeamNames(settings) : []).map((name) => ({
      name,
      description: `QT assurers: their approvals count for the body the QT Assurance settings give this team.`,
    })),
  ];
  for (const team of wanted)
    if (
      step(
        `team "${team.name}"`,
        teams.has(team.name.toLowerCase()),
        "Its members are yours to add (Project settings → Teams); only project and team administrators may.",
      )
    ) {
      await admin.createTeam(source.project, team);
      teams.add(team.name.toLowerCase());
    }

  const stored = await source.store.loadSettings();
  const kept = stored.kind !== "missing" && stored.origin?.kind === "record";
  steps.push({
    what: "settings kept in a settings record",
    status: kept ? "present" : "missing",
    detail: kept
      ? undefined
      : `Once you are in the ${SETTINGS_TEAM} team, run qt-assure settings protect (or Protect settings in the settings hub).`,
  });
  return steps;
}

/**
 * The settings setup works from: those stored, or — when they cannot be used yet, e.g. because a team they name is
 * what setup is to create — the stored document as it is, if it validates. Undefined when there is none.
 */
export async function settingsForSetup(source: AdoSource): Promise<Settings | undefined> {
  const loaded = await source.store.loadSettings();
  if (loaded.kind === "ok") return loaded.settings;
  if (loaded.kind === "missing") return undefined;
  const versions = (await source.store.settingsHistory?.()) ?? [];
  const last = [...versions].reverse().find((v) => v.byAdministrator && !v.deleted);
  let raw: unknown;
  try {
    raw = last
      ? JSON.parse(last.text)
      : (
          await source.api.getDocument(
            { scopeType: "Default", collection: storeCollections().settings },
            SETTINGS_DOCUMENT_ID,
          )
        )?.settings;
  } catch {
    return undefined;
  }
  const validation = validateSettings(raw);
  return validation.valid ? validation.settings : undefined;
}

export function setupText(steps: readonly SetupStep[], apply: boolean): string {
  const mark = { present: "ok     ", missing: "MISSING", created: "created" } as const;
  const lines = steps.map(
    (s) => `[${mark[s.status]}] ${s.what}${s.detail && s.status !== "present" ? `\n          ${s.detail}` : ""}`,
  );
  const missing = steps.filter((s) => s.status === "missing").length;
  const created = steps.filter((s) => s.status === "created").length;
  lines.push(
    "",
    apply
      ? `${created} created, ${steps.length - created - missing} already there${missing > 0 ? `, ${missing} left to do by hand` : ""}.`
      : missing === 0
        ? "Everything the protected set-up needs is there."
        : `${missing} missing: run again with --apply, as an administrator, to create what can be created.`,
  );
  return `${lines.join("\n")}\n`;
}
