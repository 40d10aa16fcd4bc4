/** The notes as a Markdown file: the room's name as its title, the text as people wrote it. */
export function markdownFile(roomName: string, text: string, at: Date): { name: string; content: string } {
  const date = at.toISOString().slice(0, 10);
  // Characters file systems refuse become dashes; the name stays readable.
  const safe = roomName.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').trim() || 'notes';
  return { name: `${safe} ${date}.md`, content: `# ${roomName} (${date})\n\n${text.trimEnd()}\n` };
}
