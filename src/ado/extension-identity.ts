/**
 * The extension whose data holds settings and approvals: the release package's identity (vss-extension.json).
 * Every Node surface takes another with an option or input; a packaged pipeline task knows the one it ships in.
 */
export const DEFAULT_EXTENSION = { publisher: "qt-assurance", id: "qt-assurance" } as const;

/** The file the packager writes beside each pipeline task's bundle, naming the extension the task ships in. */
export const SHIPPED_IN_FILE = "extension.json";

export interface ExtensionIdentity {
  publisher: string;
  id: string;
}

/** `publisher.extension` → its parts, or undefined when it is not of that form. */
export function parseExtensionIdentity(value: string): ExtensionIdentity | undefined {
  const match = /^([\w-]+)\.([\w-]+)$/.exec(value.trim());
  return match ? { publisher: match[1], id: match[2] } : undefined;
}

/** The packager's `extension.json` → the identity it names, or undefined when it is not `{publisher, id}`. */
export function parseShippedIn(text: string): ExtensionIdentity | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { publisher, id } = value as Record<string, unknown>;
  if (typeof publisher !== "string" || typeof id !== "string") return undefined;
  return parseExtensionIdentity(`${publisher}.${id}`);
}
