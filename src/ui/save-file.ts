/** Saving text as a file from the browser: a Blob behind an `<a download>`, shared by every hub that offers files. */

/** Saves text as a file through the browser's download. */
export function saveFile(name: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.rel = "noopener";
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the click; the URL is kept a moment for browsers that read it late.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
