import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the scripted server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body parsed as JSON (our own client's output), or the raw text if it was not JSON. */
  readonly body: unknown;
}

/** `json` is serialised; `body` is sent verbatim (for malformed replies); `hang` never answers. */
export type ScriptedReply =
  | {
      readonly status?: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly json?: unknown;
      readonly body?: string;
      /** Wait before answering, to make requests overlap. */
      readonly delayMs?: number;
    }
  | { readonly hang: true };

export interface ScriptedServer {
  /** Base URL ending in /v1. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Most requests open at one time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) that answers each request with the script's reply for its index.
 * It exists only inside a test and `close()` drops every connection, hanging ones included.
 */
export async function startScriptedServer(
  script: (request: RecordedRequest, index: number) => ScriptedReply,
): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // keep the raw text
      }
      const recorded = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      const index = requests.length;
      requests.push(recorded);
      const reply = script(recorded, index);
      if ('hang' in reply) return;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const send = (): void => {
        inFlight--;
        const payload = reply.body ?? JSON.stringify(reply.json ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(payload);
      };
      if (reply.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, reply.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An OpenAI chat reply with one choice. */
export function chatReply(content: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    model: 'test-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25 },
    ...extra,
  };
}
