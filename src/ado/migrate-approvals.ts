/**
 * Carrying approvals from the extension's data over to work item records (`qt-assure migrate`). Azure DevOps cannot
 * vouch for who wrote an old approval, so none is copied on anyone else's word: the assurer who runs the migration
 * re-records, under their own identity, the current approvals of the bodies they act for, after reviewing the list.
 * Each record is then stamped by Azure DevOps with them, and counts as any record they make does.
 */
import { Approvals } from "../core/approvals";
import { RECORD_FIELDS, RecordKind, isAssurer, recordFields } from "../core/approval-records";
import { canonicalJson } from "../core/canonical-json";
import { renderHtml } from "../core/report";
import { AttachmentLink } from "./port";
import { Settings } from "../core/settings";
import { AdoSource } from "./assessment-run";
import { createRecordApprovals, reportFileNames } from "./record-approvals";

export interface MigrationItem {
  participantRole: string;
  kind: RecordKind;
  /** What it is, in words: "waiver of point 472 (BSC)". */
  what: string;
  fields: Record<string, string>;
}

export interface MigrationPlan {
  me: { id: string; displayName: string; uniqueName?: string };
  /** The bodies the runner is an assurer of: only their approvals are migrated. */
  bodies: string[];
  items: MigrationItem[];
  /** Current approvals left alone, and why (another body's, or already kept as a record). */
  skipped: string[];
}

type Current = { kind: RecordKind; item: object; key: string; body: string | undefined; what: string };

/** The approvals that stand today: the latest per subject, unrevoked. */
function current(approvals: Approvals): Current[] {
  const latest = new Map<string, Current>();
  const put = (c: Current, revoked: unknown) => (revoked ? latest.delete(c.key) : latest.set(c.key, c));
  for (const w of approvals.waivers)
    put(
      {
        kind: w.kind,
        item: w,
        key: `w:${w.window}:${w.pointId}`,
        body: w.body,
        what: `${w.kind} of point ${w.pointId}`,
      },
      w.revoked,
    );
  for (const m of approvals.mitigationAgreements)
    put(
      {
        kind: "mitigation",
        item: m,
        key: `m:${m.defectId}`,
        body: m.body,
        what: `mitigation agreement of defect ${m.defectId}`,
      },
      m.revoked,
    );
  for (const e of approvals.entryItems)
    put(
      { kind: "entry", item: e, key: `e:${e.itemId}`, body: undefined, what: `entry item ${e.itemId} (${e.status})` },
      false,
    );
  for (const s of approvals.signOffs)
    put(
      {
        kind: "signoff",
        item: s,
        key: `s:${s.window}:${s.body}:${s.reportSha256 ?? ""}`,
        body: s.body,
        what: `sign-off (${s.decision})`,
      },
      s.revoked,
    );
  for (const b of approvals.scopes ?? [])
    put(
      {
        kind: "scope",
        item: b,
        key: `b:${b.window}:${b.body}`,
        body: b.body,
        what: `scope baseline of ${b.points.length} points`,
      },
      b.revoked,
    );
  for (const s of approvals.submissions)
    put(
      {
        kind: "submission",
        item: s,
        key: `r:${s.sha256}`,
        body: undefined,
        what: `submission of report ${s.sha256.slice(0, 12)}…`,
      },
      false,
    );
  return [...latest.values()];
}

/** What `--apply` would record, as the token's identity; nothing is written. */
export async function planMigration(
  source: AdoSource,
  settings: Settings,
  participantRoles?: readonly string[],
): Promise<MigrationPlan> {
  if (!settings.approvalRecords)
    throw new Error("The settings keep approvals in the extension's data: set approvalRecords before migrating.");
  const me = await source.api.authenticatedUser();
  const bodies = [...new Set(settings.assurers.filter((a) => isAssurer(settings, me, a.body)).map((a) => a.body))];
  const legacy = await source.store.loadAllApprovals();
  const records = await createRecordApprovals(source.api, source.project, settings, source.store).loadAllApprovals();
  const items: MigrationItem[] = [];
  const skipped: string[] = [];
  const wanted = participantRoles?.map((k) => k.toUpperCase());
  for (const [key, result] of legacy) {
    if (wanted && !wanted.includes(key.toUpperCase())) continue;
    if (result.kind !== "ok") {
      skipped.push(`${key}: its approvals in the extension's data are not readable (${result.errors.join("; ")}).`);
      continue;
    }
    const kept = records.get(key.toUpperCase());
    const already = new Set(kept && kept.kind === "ok" ? current(kept.approvals).map((c) => c.key) : []);
    for (const c of current(result.approvals)) {
      const label = `${key}: ${c.what}${c.body ? ` (${c.body})` : ""}`;
      if (already.has(c.key)) skipped.push(`${label}: already kept as a record.`);
      else if (c.body !== undefined && !bodies.includes(c.body)) skipped.push(`${label}: not one of your bodies.`);
      else if (c.kind === "submission" && bodies.length === 0) skipped.push(`${label}: you are not an assurer.`);
      else if (c.kind === "entry" && bodies.length === 0) skipped.push(`${label}: you are not an assurer.`);
      else
        items.push({ participantRole: key, kind: c.kind, what: label, fields: recordFields(c.kind, c.item as never) });
    }
  }
  return { me, bodies, items, skipped };
}

/** Records each planned approval as a work item, as the token's identity. */
export async function applyMigration(source: AdoSource, settings: Settings, plan: MigrationPlan): Promise<number> {
  const type = settings.approvalRecords?.workItemType;
  if (!type)
    throw new Error("The settings keep approvals in the extension's data: set approvalRecords before migrating.");
  for (const item of plan.items) {
    // A submission takes its report along, as the records store attaches it, when the copy kept so far verifies.
    const sha256 = item.kind === "submission" ? item.fields[RECORD_FIELDS.subject] : undefined;
    const snapshot = sha256 ? await source.store.getSnapshot(sha256) : undefined;
    const attachments: AttachmentLink[] = [];
    if (snapshot?.kind === "ok") {
      const names = reportFileNames(snapshot.sha256);
      const json = await source.api.uploadAttachment(source.project, names.json, canonicalJson(snapshot.report));
      const html = await source.api.uploadAttachment(source.project, names.html, renderHtml(snapshot.report));
      attachments.push(
        { ...json, comment: `QT Completion Report (JSON), SHA-256 ${snapshot.sha256}` },
        { ...html, comment: "QT Completion Report (HTML)" },
      );
    }
    await source.api.createWorkItem(source.project, type, item.fields, attachments);
  }
  return plan.items.length;
}
