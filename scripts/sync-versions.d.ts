/** Types for scripts/sync-versions.js (plain Node, run without a build), for the tests that import it. */
export interface TaskVersion {
  Major: number;
  Minor: number;
  Patch: number;
}
export function parseVersion(text: string): { major: number; minor: number; patch: number };
export function taskVersionFor(extensionVersion: string, taskMajor: number): TaskVersion;
export function versionMismatches(root?: string): string[];
export function writeVersions(root?: string): string[];
