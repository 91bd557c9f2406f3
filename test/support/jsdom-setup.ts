/**
 * What browsers (and Node) have but jsdom does not, for the "ui" jest project: the settings code clones with
 * structuredClone, and the audit log and report hashes encode text with TextEncoder.
 */
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from "node:util";

globalThis.structuredClone ??= <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
globalThis.TextEncoder ??= NodeTextEncoder as unknown as typeof TextEncoder;
globalThis.TextDecoder ??= NodeTextDecoder as unknown as typeof TextDecoder;
