import type { z } from 'zod';

/** OpenAI's error body: `{ error: { message, type, param, code } }`; clients read `message` and the status. */
export interface OpenAiErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: string | null;
  };
}

export type ErrorStatus = 400 | 401 | 404 | 405 | 413 | 429 | 500 | 503;

/** A request the server refuses; becomes an OpenAI-shaped error reply with `status`. */
export class ServeError extends Error {
  override readonly name = 'ServeError';
  readonly status: ErrorStatus;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  constructor(options: { status: ErrorStatus; message: string; type?: string; param?: string; code?: string }) {
    super(options.message);
    this.status = options.status;
    this.type = options.type ?? (options.status >= 500 ? 'server_error' : 'invalid_request_error');
    this.param = options.param ?? null;
    this.code = options.code ?? null;
  }

  body(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** A zod failure as a 400 naming the first bad field. */
export function validationError(error: z.ZodError): ServeError {
  const issue = error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join('.') : undefined;
  const message = error.issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
  return new ServeError({
    status: 400,
    message: `invalid request: ${message}`,
    code: 'invalid_value',
    ...(param ? { param } : {}),
  });
}
