/**
 * A participant-role against its role's programme milestone (QA&P §7.1: LDSOs and SMRA by M10, Suppliers by M14,
 * agents by M15): whether its window's execution ends after the milestone, or the milestone passed while it is not
 * yet qualified. A warning beside the verdict, never part of it. Pure; UK calendar days.
 */
import { Assessment, StageId } from "./assessment";
import { dayNumber, ukDayNumber } from "./calendar";
import { RoleMilestone } from "./roles";

export type MilestoneState = NonNullable<Assessment["milestone"]>;

export function milestoneState(
  milestone: RoleMilestone | undefined,
  windowEnd: string | undefined,
  stage: StageId,
  now: Date,
): MilestoneState | undefined {
  if (!milestone) return undefined;
  const due = dayNumber(milestone.date);
  const daysLeft = due - ukDayNumber(now);
  const named = `${milestone.id} (${milestone.name}, ${milestone.date})`;
  let warning: string | undefined;
  if (stage !== "qualified" && daysLeft < 0)
    warning = `The role's milestone ${named} has passed, and the participant-role is not qualified.`;
  else if (windowEnd && dayNumber(windowEnd) > due)
    warning = `The window's execution ends on ${windowEnd}, after the role's milestone ${named}: it cannot be qualified in time.`;
  return { ...milestone, daysLeft, ...(warning ? { warning } : {}) };
}
