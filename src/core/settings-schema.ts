/**
 * JSON Schema (draft-07) of the settings document, version 1. `description` doubles as the fix shown when a
 * value is wrong, so each says what a valid value looks like.
 */
const nonEmptyString = { type: "string", minLength: 1, pattern: "\\S" } as const;
const isoDate = {
  type: "string",
  pattern: "^\\d{4}-\\d{2}-\\d{2}$",
  description: "Write dates as YYYY-MM-DD, e.g. 2025-01-20.",
} as const;
const dateRange = {
  type: "object",
  additionalProperties: false,
  required: ["start", "end"],
  properties: { start: isoDate, end: isoDate },
  description: 'A range is { "start": "YYYY-MM-DD", "end": "YYYY-MM-DD" }.',
} as const;
const positiveId = { type: "integer", minimum: 1, description: "ADO ids are whole numbers from 1." } as const;
/**
 * Which work items belong to a participant-role, by areaPaths, tags and/or field: the shape of a defect scope and of
 * a requirement scope, with the description that says what it selects.
 */
const workItemScope = <D extends string>(description: D) =>
  ({
    type: "object",
    additionalProperties: false,
    minProperties: 1,
    description,
    properties: {
      areaPaths: { type: "array", minItems: 1, uniqueItems: true, items: nonEmptyString },
      tags: { type: "array", minItems: 1, uniqueItems: true, items: nonEmptyString },
      field: {
        type: "object",
        additionalProperties: false,
        required: ["referenceName", "value"],
        properties: { referenceName: nonEmptyString, value: nonEmptyString },
      },
    },
  }) as const;
/** Which work items are a participant-role's requirements: the shape of a defect scope. */
const requirementScope = workItemScope(
  'Say which requirements a participant-role must trace by areaPaths, tags and/or field (all that are given must hold), e.g. { "areaPaths": ["MHHS\\\\Requirements\\\\Supplier"] }.',
);

export const SETTINGS_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "urn:qt-assurance:settings:1",
  title: "QT Assurance settings",
  type: "object",
  additionalProperties: false,
  required: ["schemaVersion", "defects", "registry", "windows", "roles", "assurers"],
  properties: {
    schemaVersion: { const: 1, description: 'This version of the product reads settings with "schemaVersion": 1.' },
    defects: {
      type: "object",
      additionalProperties: false,
      required: [
        "workItemTypes",
        "severityField",
        "severityMap",
        "inferSeverityFromNumber",
        "impactField",
        "mitigationField",
        "stateOverrides",
      ],
      properties: {
        workItemTypes: {
          type: "array",
          minItems: 1,
          uniqueItems: true,
          items: nonEmptyString,
          description: 'List the work item types that record defects, e.g. ["Bug"].',
        },
        severityField: {
          ...nonEmptyString,
          description: "The reference name of the severity field, e.g. Microsoft.VSTS.Common.Severity.",
        },
        severityMap: {
          type: "object",
          minProperties: 1,
          additionalProperties: { type: "integer", minimum: 1, maximum: 5 },
          description: 'Map each severity value your organisation uses to a QT level 1–5, e.g. { "1 - Critical": 1 }.',
        },
        inferSeverityFromNumber: {
          type: "boolean",
          description:
            'true reads unmapped values such as "Sev 2" or "2 - High" as their number; false leaves them unclassified.',
        },
        impactField: {
          ...nonEmptyString,
          description:
            "The reference name of the field holding a defect's impact assessment, e.g. Custom.ImpactAssessment.",
        },
        mitigationField: {
          ...nonEmptyString,
          description:
            "The reference name of the field holding a defect's mitigation plan, e.g. Custom.MitigationPlan.",
        },
        resolutionDateField: {
          ...nonEmptyString,
          description:
            "The reference name of a date field holding when a defect is to be resolved, e.g. Microsoft.VSTS.Scheduling.TargetDate: shown for outstanding Sev3/Sev4 in the report.",
        },
        stateOverrides: {
          type: "array",
          description: 'Each override is { "state": "Resolved", "outstanding": true } and may name a workItemType.',
          items: {
            type: "object",
            additionalProperties: false,
            required: ["state", "outstanding"],
            properties: {
              state: nonEmptyString,
              workItemType: nonEmptyString,
              outstanding: { type: "boolean", description: "true: defects in this state still count as outstanding." },
            },
          },
        },
      },
    },
    registry: {
      type: "array",
      description: "One entry per participant-role.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["mpid", "roleCode", "participantName", "route", "testPlans", "defectScope"],
        properties: {
          mpid: { type: "string", pattern: "^[A-Z]{4}$", description: "An MPID is four capital letters, e.g. ABCD." },
          roleCode: {
            type: "string",
            pattern: "^[A-Z0-9]{1,2}$",
            description: "A role code is 1–2 capital letters or digits, e.g. X or 3.",
          },
          participantName: { ...nonEmptyString, description: "The participant's name as the Code Body knows it." },
          route: { enum: ["SIT", "QT"], description: 'The route is "QT" (a window) or "SIT".' },
          window: { ...nonEmptyString, description: 'The id of a window listed under "windows".' },
          previousWindows: { type: "array", uniqueItems: true, items: nonEmptyString },
          testPlans: {
            type: "array",
            uniqueItems: true,
            description: 'The test plans holding this participant-role\'s QT, e.g. [{ "planId": 12 }].',
            items: {
              type: "object",
              additionalProperties: false,
              required: ["planId"],
              properties: {
                planId: positiveId,
                suiteIds: { type: "array", minItems: 1, uniqueItems: true, items: positiveId },
              },
            },
          },
          defectScope: workItemScope(
            "Say which defects belong to the participant-role by areaPaths, tags and/or field (all that are given must hold).",
          ),
        },
      },
    },
    windows: {
      type: "array",
      description: "The QT windows (tranches, waves) with their dates.",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "name", "environmentPreparation", "execution"],
        properties: {
          id: {
            type: "string",
            pattern: "^[a-z0-9][a-z0-9-]*$",
            description: "A window id is lower-case letters, digits and hyphens, e.g. tranche-1.",
          },
          name: nonEmptyString,
          environmentPreparation: dateRange,
          execution: dateRange,
        },
      },
    },
    roles: {
      type: "array",
      minItems: 1,
      description: "The role catalogue (QA&P §7.1).",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["code", "name", "abbreviation", "governingBodies", "approvers"],
        properties: {
          code: {
            type: "string",
            pattern: "^[A-Z0-9]{1,2}$",
            description: "A role code is 1–2 capital letters or digits.",
          },
          name: nonEmptyString,
          abbreviation: nonEmptyString,
          governingBodies: { type: "array", minItems: 1, uniqueItems: true, items: nonEmptyString },
          approvers: {
            type: "array",
            minItems: 1,
            uniqueItems: true,
            items: nonEmptyString,
            description: 'List every body whose sign-off the role needs, e.g. ["BSC", "REC"].',
          },
          milestone: {
            type: "object",
            additionalProperties: false,
            required: ["id", "name", "date"],
            description:
              'The programme milestone the role must be qualified by (QA&P §7.1), e.g. { "id": "M14", "name": "All Suppliers able to accept MPANs under the new TOM", "date": "2026-03-16" }.',
            properties: { id: nonEmptyString, name: nonEmptyString, date: isoDate },
          },
        },
      },
    },
    assurers: {
      type: "array",
      description: 'Code Body assurers: { "user": "name@example.org", "body": "BSC" }.',
      items: {
        type: "object",
        additionalProperties: false,
        required: ["user", "body"],
        properties: {
          user: nonEmptyString,
          displayName: nonEmptyString,
          body: nonEmptyString,
          team: { ...nonEmptyString, description: "Set by the product on assurers read from this team; never saved." },
        },
      },
    },
    assurerTeams: {
      type: "array",
      description:
        'Teams in the project whose members are assurers of a body, as Azure DevOps lists them: { "team": "BSC Assurers", "body": "BSC" }.',
      items: {
        type: "object",
        additionalProperties: false,
        required: ["team", "body"],
        properties: { team: nonEmptyString, body: nonEmptyString },
      },
    },
    bodiesMustAgree: {
      enum: ["all", "any"],
      description:
        'Where a role has several governing bodies, whose word an approval needs: "all" (the default, QA&P §15) or "any" one of them. Applies to waivers, descopes, mitigation agreements and sign-offs.',
    },
    approvalRecords: {
      type: "object",
      additionalProperties: false,
      required: ["workItemType"],
      description:
        'Keep approvals as work items of this type, vouched for by Azure DevOps: { "workItemType": "QT Approval" }.',
      properties: { workItemType: nonEmptyString },
    },
    traceability: {
      type: "object",
      additionalProperties: false,
      required: ["requirementTypes"],
      description:
        'Where the traceability matrix (RTTM) finds requirements: { "requirementTypes": ["Requirement"], "scopes": { "X": { "tags": ["Supplier"] } } }.',
      properties: {
        requirementTypes: {
          type: "array",
          minItems: 1,
          uniqueItems: true,
          items: nonEmptyString,
          description: 'List the work item types that are requirements, e.g. ["Requirement", "User Story"].',
        },
        scopes: {
          type: "object",
          description:
            'The requirements each participant-role must trace, by role code or registry key: { "X": { "tags": ["Supplier"] }, "ABCD-X": { "areaPaths": ["MHHS\\\\ABCD"] } }.',
          propertyNames: {
            pattern: "^([A-Z]{4}-)?[A-Z0-9]{1,2}$",
            description: "Key each scope by a role code (e.g. X) or a registry key (e.g. ABCD-X).",
          },
          additionalProperties: requirementScope,
        },
        useDefectScope: {
          type: "boolean",
          description:
            "true: a participant-role with no scope of its own has its requirements selected by its defect scope.",
        },
      },
    },
  },
} as const;
