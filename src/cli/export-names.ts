/**
 * File names for exported documents. A document id may hold any character, so it is percent-encoded (UTF-8, upper-case
 * hex) down to `A–Z a–z 0–9 - _ .`, which every file system accepts; a leading `.` (a hidden file) and the first
 * letter of a name Windows reserves (`CON`, `NUL`, `COM1`…) are encoded too. decodeURIComponent undoes it all.
 */

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
/** File names are at most 255 bytes on common file systems; `.json` takes 5 of them. */
export const MAX_ENCODED_LENGTH = 250;

const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;

/** The id as a file name stem; throws for an id that cannot be one (empty, not well-formed UTF-16, too long). */
export function encodeDocumentId(id: string): string {
  if (id === "") throw new RangeError("A document id is empty: no file name can carry it.");
  let encoded: string;
  try {
    encoded = encodeURIComponent(id).replace(/[!'()*~]/g, hex);
  } catch {
    // URIError: a lone surrogate, which no file name (nor UTF-8) can carry.
    throw new RangeError(`The document id ${JSON.stringify(id)} is not well-formed text.`);
  }
  if (encoded.startsWith(".") || RESERVED.test(encoded)) encoded = hex(encoded[0]) + encoded.slice(1);
  if (encoded.length > MAX_ENCODED_LENGTH)
    throw new RangeError(`The document id ${JSON.stringify(id.slice(0, 40))}… is too long for a file name.`);
  return encoded;
}

export function decodeDocumentId(stem: string): string {
  return decodeURIComponent(stem);
}

/**
 * File names (`<stem>.json`) for a collection's ids. Two ids whose names differ only in letter case would overwrite
 * each other on a case-insensitive file system, so that is refused (as is a repeated id), naming both.
 */
export function documentFileNames(ids: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Map<string, string>();
  for (const id of ids) {
    const name = `${encodeDocumentId(id)}.json`;
    const folded = name.toLowerCase();
    const other = taken.get(folded);
    if (other !== undefined)
      throw new RangeError(
        `The document ids ${JSON.stringify(other)} and ${JSON.stringify(id)} would share the file name ${name}.`,
      );
    taken.set(folded, id);
    names.set(id, name);
  }
  return names;
}
