import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import {
  STORE_SCOPE,
  StoreCollectionKind,
  StoreFinding,
  StoredCollection,
  checkWholeStore,
  readWholeStore,
} from "../ado/store-export";
import { StoreConnectionOptions, connectToStore } from "./connection";
import { documentFileNames } from "./export-names";
import { CliError, CliIo, EXIT } from "./io";

/**
 * `qt-assure export --out DIR`: a backup of everything the extension keeps in the organisation's extension data
 * (Azure DevOps deletes it when the extension is uninstalled). Every collection is listed before anything is
 * written, so a failed read leaves nothing behind; the files are written to a hidden sibling folder that is renamed
 * to DIR only once all of them are there, so a DIR holding a manifest is always a whole export.
 */

export const EXPORT_FORMAT = "qt-assurance.cli.export";
export const MANIFEST_FILE = "manifest.json";

export interface ExportOptions extends StoreConnectionOptions {
  out: string;
  force?: boolean;
  strict?: boolean;
  format: "text" | "json";
}

export interface ExportedDocument {
  id: string;
  /** Relative to DIR, with `/`: `<collection kind>/<encoded id>.json`. */
  file: string;
  sha256: string;
  bytes: number;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  formatVersion: 1;
  exportedAt: string;
  organisation: string;
  extension: { publisher: string; id: string };
  scope: string;
  collections: Record<StoreCollectionKind, { collection: string; count: number; documents: ExportedDocument[] }>;
  findings: StoreFinding[];
}

interface PlannedFile {
  path: string;
  text: string;
}

/** Runs the export and returns the exit code: 0, or 1 with --strict when anything failed its check. */
export async function runExport(options: ExportOptions, io: CliIo): Promise<number> {
  const out = resolve(options.out);
  const existing = await inspectTarget(out, !!options.force);
  const connection = await connectToStore(options, io);
  let collections: StoredCollection[];
  try {
    collections = await readWholeStore(connection.api, {
      onCollection: ({ collection, count }) => {
        if (count !== undefined) io.stderr(`${count} document${count === 1 ? "" : "s"}\n`);
        else io.stderr(`listing ${collection}… `);
      },
    });
  } catch (error) {
    io.stderr("failed\n");
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(`cannot export: ${why} Nothing was written.`, EXIT.cannotAssess);
  } finally {
    await connection.close();
  }

  const findings = checkWholeStore(collections);
  const { manifest, files } = plan(collections, findings, connection.orgUrl, connection.extension, io.now());
  await writeExport(out, existing, files, manifest);

  for (const f of findings) io.stderr(`finding: ${f.kind} ${f.collection}/${f.id}: ${f.message}\n`);
  if (options.format === "json") io.stdout(`${JSON.stringify(manifest, null, 2)}\n`);
  else io.stdout(`${summaryLine(manifest, out)}\n`);
  return options.strict && findings.length > 0 ? EXIT.blocked : EXIT.ok;
}

function summaryLine(manifest: ExportManifest, out: string): string {
  const counts = Object.values(manifest.collections).map((c) => `${c.count} ${c.collection}`);
  const total = Object.values(manifest.collections).reduce((n, c) => n + c.count, 0);
  const findings = manifest.findings.length;
  return `exported ${total} document${total === 1 ? "" : "s"} (${counts.join(", ")}) to ${out}; ${
    findings === 0 ? "everything verified" : `${findings} finding${findings === 1 ? "" : "s"}`
  }.`;
}

/** What is at DIR now: nothing, an empty folder, or (with --force) a previous export to replace. */
type Existing = "none" | "empty" | "export";

async function inspectTarget(out: string, force: boolean): Promise<Existing> {
  let entries: string[];
  try {
    if (!(await stat(out)).isDirectory()) throw new CliError(`${out} exists and is not a folder.`, EXIT.cannotAssess);
    entries = await readdir(out);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "none";
    throw new CliError(`Cannot read ${out}: ${(error as Error).message}`, EXIT.cannotAssess);
  }
  if (entries.length === 0) return "empty";
  if (!force)
    throw new CliError(
      `${out} is not empty: choose a new folder, or give --force to replace the export in it.`,
      EXIT.cannotAssess,
    );
  // --force replaces a previous export, never a folder of other files (which it would delete).
  if (!(await isExport(out)))
    throw new CliError(
      `${out} is not empty and holds no previous export (no ${MANIFEST_FILE} of ${EXPORT_FORMAT}): --force only replaces an export. Choose a new folder.`,
      EXIT.cannotAssess,
    );
  return "export";
}

async function isExport(dir: string): Promise<boolean> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")) as { format?: unknown };
    return manifest.format === EXPORT_FORMAT;
  } catch {
    return false;
  }
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

function plan(
  collections: readonly StoredCollection[],
  findings: StoreFinding[],
  orgUrl: string,
  extension: { publisher: string; id: string },
  now: Date,
): { manifest: ExportManifest; files: PlannedFile[] } {
  const files: PlannedFile[] = [];
  const perCollection = {} as ExportManifest["collections"];
  for (const { kind, collection, documents } of collections) {
    const sorted = [...documents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let names: Map<string, string>;
    try {
      names = documentFileNames(sorted.map((d) => d.id));
    } catch (error) {
      throw new CliError(
        `cannot export ${collection}: ${(error as Error).message} Nothing was written.`,
        EXIT.cannotAssess,
      );
    }
    const exported = sorted.map((doc): ExportedDocument => {
      // Exactly as stored, `id` and `__etag` included.
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      const file = `${kind}/${names.get(doc.id)}`;
      files.push({ path: file, text });
      return { id: doc.id, file, sha256: sha256(text), bytes: Buffer.byteLength(text, "utf8") };
    });
    perCollection[kind] = { collection, count: exported.length, documents: exported };
  }
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    formatVersion: 1,
    exportedAt: now.toISOString(),
    organisation: orgUrl,
    extension: { publisher: extension.publisher, id: extension.id },
    scope: STORE_SCOPE,
    collections: perCollection,
    findings,
  };
  return { manifest, files };
}

/** Writes everything to a hidden sibling folder, then puts it in DIR's place; on any failure removes it again. */
async function writeExport(
  out: string,
  existing: Existing,
  files: readonly PlannedFile[],
  manifest: ExportManifest,
): Promise<void> {
  const parent = dirname(out);
  const tag = `${basename(out)}.${randomBytes(6).toString("hex")}`;
  const staging = join(parent, `.${tag}.partial`);
  const previous = join(parent, `.${tag}.previous`);
  try {
    await mkdir(parent, { recursive: true });
    await mkdir(staging);
    for (const kind of Object.keys(manifest.collections)) await mkdir(join(staging, kind));
    for (const file of files) await writeFile(join(staging, ...file.path.split("/")), file.text, { flag: "wx" });
    await writeFile(join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { flag: "wx" });
    if (existing === "empty") await rmdir(out);
    if (existing === "export") await rename(out, previous);
    try {
      await rename(staging, out);
    } catch (error) {
      if (existing === "export") await rename(previous, out);
      if (existing === "empty") await mkdir(out);
      throw error;
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw new CliError(
      `cannot write the export to ${out}: ${(error as Error).message} Nothing was left behind.`,
      EXIT.cannotAssess,
    );
  }
  if (existing === "export") await rm(previous, { recursive: true, force: true });
}
