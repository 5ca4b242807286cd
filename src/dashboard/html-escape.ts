/** Text made safe inside HTML elements and double-quoted attributes (transcripts hold model output: untrusted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
