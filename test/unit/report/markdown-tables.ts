/** Counts the `|` in a GFM table line that delimit cells: a backslash escapes the character after it. */
export function unescapedPipes(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "|") count++;
  }
  return count;
}

/** Checks every table in a Markdown document: each row has as many cell delimiters as its header. */
export function ragged(md: string): string[] {
  let width = -1;
  const broken: string[] = [];
  for (const line of md.split("\n")) {
    if (!line.startsWith("|")) {
      width = -1;
      continue;
    }
    const pipes = unescapedPipes(line);
    if (width < 0) width = pipes;
    else if (pipes !== width) broken.push(line);
  }
  return broken;
}

/** The destinations of Markdown links: `](…)` where the `]` is not backslash-escaped. */
export function linkTargets(md: string): string[] {
  const targets: string[] = [];
  for (let i = 0; i < md.length; i++) {
    if (md[i] === "\\") i++;
    else if (md[i] === "]" && md[i + 1] === "(") {
      const end = md.indexOf(")", i + 2);
      targets.push(md.slice(i + 2, end < 0 ? md.length : end));
    }
  }
  return targets;
}
