/**
 * The extension whose data holds settings and approvals. The development publisher until packaging (issue 8)
 * substitutes the published one; every Node surface takes another with an option or input.
 */
export const DEFAULT_EXTENSION = { publisher: "qt-assurance-dev", id: "qt-assurance" } as const;

export interface ExtensionIdentity {
  publisher: string;
  id: string;
}

/** `publisher.extension` → its parts, or undefined when it is not of that form. */
export function parseExtensionIdentity(value: string): ExtensionIdentity | undefined {
  const match = /^([\w-]+)\.([\w-]+)$/.exec(value.trim());
  return match ? { publisher: match[1], id: match[2] } : undefined;
}
