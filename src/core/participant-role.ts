import { Result, fail, ok } from "./result";

/** A market participant identifier: four letters, as in the QA&P glossary (e.g. `ABCD`). */
export type Mpid = string;
/** A market role code: one or two characters of A–Z / 0–9 (the industry is moving from one to two). */
export type RoleCode = string;
/** `ABCD-X`: the unit of every assessment. */
export type ParticipantRoleKey = string;

export interface ParticipantRoleId {
  mpid: Mpid;
  roleCode: RoleCode;
}

const MPID_PATTERN = /^[A-Z]{4}$/;
const ROLE_CODE_PATTERN = /^[A-Z0-9]{1,2}$/;

export function isValidMpid(value: string): boolean {
  return MPID_PATTERN.test(value);
}

export function isValidRoleCode(value: string): boolean {
  return ROLE_CODE_PATTERN.test(value);
}

export function formatParticipantRole(id: ParticipantRoleId): ParticipantRoleKey {
  return `${id.mpid}-${id.roleCode}`;
}

/**
 * Parses `ABCD-X`. Surrounding white space is ignored and letters are upper-cased, because keys are often
 * typed by hand; anything else that is wrong is rejected with a message that says what a key looks like.
 */
export function parseParticipantRole(input: string): Result<ParticipantRoleId> {
  const text = input.trim().toUpperCase();
  const shape =
    "a participant-role is written MPID-ROLE, e.g. ABCD-X: four letters, a hyphen, a role code of 1–2 letters or digits";
  if (text.length === 0) return fail(`Empty participant-role: ${shape}.`);
  const parts = text.split("-");
  if (parts.length !== 2) return fail(`"${input}" is not a participant-role: ${shape}.`);
  const [mpid, roleCode] = parts;
  const errors: string[] = [];
  if (!isValidMpid(mpid)) errors.push(`"${input}": the MPID "${mpid}" must be exactly four letters A–Z.`);
  if (!isValidRoleCode(roleCode)) {
    errors.push(`"${input}": the role code "${roleCode}" must be 1–2 characters of A–Z or 0–9.`);
  }
  return errors.length > 0 ? { ok: false, errors } : ok({ mpid, roleCode });
}
