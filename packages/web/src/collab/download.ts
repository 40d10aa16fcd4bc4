/** Hands a file made in the page to the browser's downloads. */
export function downloadBlob(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  // The download has its own copy once it started; the object URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
