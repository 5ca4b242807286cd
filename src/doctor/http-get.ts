import { z } from 'zod';

/**
 * What one GET came back with. The doctor reads routes the clients never GET (`/v1/models`, `/health`), and wants
 * every outcome as a value it can explain, so this is a plain fetch with a time limit and no retries.
 */
export type GetOutcome =
  | { readonly kind: 'reply'; readonly status: number; readonly text: string; readonly json: unknown }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number };

export async function httpGet(options: {
  url: string;
  timeoutMs: number;
  headers?: Readonly<Record<string, string>>;
  fetch?: typeof globalThis.fetch;
}): Promise<GetOutcome> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetchFn(options.url, {
      headers: { accept: 'application/json', ...options.headers },
      signal: timeout,
    });
    const text = await response.text();
    return { kind: 'reply', status: response.status, text, json: parseJson(text) };
  } catch (error) {
    if (timeout.aborted) return { kind: 'timeout', timeoutMs: options.timeoutMs };
    return { kind: 'unreachable', reason: networkReason(error) };
  }
}

// OpenAI's `{"error":{"message"}}`, vLLM's and Tinker's `{"error"}` or `{"message"}`, FastAPI's `{"detail"}`.
const errorBodySchema = z.union([
  z.object({ error: z.object({ message: z.string() }) }).transform((b) => b.error.message),
  z.object({ error: z.string() }).transform((b) => b.error),
  z.object({ message: z.string() }).transform((b) => b.message),
  z.object({ detail: z.string() }).transform((b) => b.detail),
]);

/** The server's own reason in an error reply, or the start of its body; at most `limit` characters. */
export function serverMessage(reply: { text: string; json: unknown }, limit = 200): string {
  const said = errorBodySchema.safeParse(reply.json).data ?? reply.text.trim();
  return said.length > limit ? `${said.slice(0, limit)}…` : said;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// fetch says only "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is in its cause.
function networkReason(error: unknown): string {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (inner as { code?: unknown } | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'UND_ERR_SOCKET') return 'the server closed the connection';
  const message = inner instanceof Error ? inner.message : String(inner);
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}
