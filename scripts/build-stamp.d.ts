/** Types for scripts/build-stamp.js (plain Node, run without a build), for the tests that use it. */
export const STAMP: string;
export const INPUT_DIRS: readonly string[];
export const INPUT_FILES: readonly string[];
export const OUTPUTS: readonly string[];
export function inputsHash(root?: string): { sha256: string; files: number };
export function writeStamp(root?: string, now?: Date): string;
export function staleReason(root?: string): string | undefined;
