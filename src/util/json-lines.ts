/** One non-blank line of a JSONL text: its 1-based number, and its value or the parser's error. */
export type JsonLine =
  | { readonly line: number; readonly value: unknown; readonly error?: undefined }
  | { readonly line: number; readonly error: Error };

/** Every non-blank line of `text` parsed as JSON, in order; never throws (a line that is not JSON carries its error). */
export function jsonLines(text: string): JsonLine[] {
  const out: JsonLine[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    try {
      out.push({ line: index + 1, value: JSON.parse(raw) as unknown });
    } catch (error) {
      out.push({ line: index + 1, error: error as Error });
    }
  });
  return out;
}
