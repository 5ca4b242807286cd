import { type EndpointConfig, EndpointConfigError, parseEndpointConfig } from './endpoint-config.ts';

export const endpointSpecPrefix = 'openai:';

export const endpointSpecHelp = `  openai:URL#MODEL[?OPTIONS]   an OpenAI-compatible server, e.g. openai:http://127.0.0.1:8000/v1#Qwen/Qwen3-4B
                               options: api=chat|completions kind=openai|vllm|sglang|llama.cpp|ollama
                               key_env=NAME template=NAME|FILE temperature= top_p= max_tokens= seed=N|episode|none
                               timeout_ms= max_concurrency= max_attempts= capture=auto|off
                               answers=strict|lenient (default strict: SPIRAL's \\boxed{} rule)
                               decoding=free|guided (guided: the server decodes only legal moves)
                               format=full|compact (the observation layout the model reads) (joined with &)`;

type Setter = (config: Record<string, unknown>, value: string) => void;

const number = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
const inner = (config: Record<string, unknown>, key: string): Record<string, unknown> => {
  const existing = config[key];
  if (typeof existing === 'object' && existing !== null) return existing as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  config[key] = created;
  return created;
};

// Query keys map onto config keys; values stay strings or numbers here and the config schema judges them.
const setters: Record<string, Setter> = {
  api: (c, v) => {
    c.api = v;
  },
  kind: (c, v) => {
    c.kind = v;
  },
  key_env: (c, v) => {
    c.apiKeyEnv = v;
  },
  template: (c, v) => {
    c.template = v;
  },
  temperature: (c, v) => {
    inner(c, 'sampling').temperature = number(v);
  },
  top_p: (c, v) => {
    inner(c, 'sampling').topP = number(v);
  },
  max_tokens: (c, v) => {
    inner(c, 'sampling').maxTokens = number(v);
  },
  seed: (c, v) => {
    inner(c, 'sampling').seed = number(v);
  },
  timeout_ms: (c, v) => {
    c.timeoutMs = number(v);
  },
  max_concurrency: (c, v) => {
    c.maxConcurrency = number(v);
  },
  max_attempts: (c, v) => {
    inner(c, 'retry').maxAttempts = number(v);
  },
  answers: (c, v) => {
    c.answers = v;
  },
  capture: (c, v) => {
    c.capture = v;
  },
  decoding: (c, v) => {
    c.decoding = v;
  },
  format: (c, v) => {
    c.format = v;
  },
};

/**
 * Reads `openai:http://host:port/v1#model` with options as a query, either on the URL
 * (`openai:http://h/v1?kind=vllm#model`) or after the model (`openai:http://h/v1#model?kind=vllm`).
 * Throws `EndpointConfigError` naming what is wrong and showing the expected form.
 */
export function parseEndpointSpec(spec: string): EndpointConfig {
  const fail = (why: string): never => {
    throw new EndpointConfigError(`bad endpoint "${spec}": ${why}\nexpected:\n${endpointSpecHelp}`);
  };
  if (!spec.startsWith(endpointSpecPrefix)) fail(`it must start with "${endpointSpecPrefix}"`);
  const rest = spec.slice(endpointSpecPrefix.length);
  const hash = rest.indexOf('#');
  if (hash < 0) fail('the model is missing: add #MODEL after the URL');
  let url = rest.slice(0, hash);
  let model = rest.slice(hash + 1);
  const queries: string[] = [];
  const modelQuery = model.indexOf('?');
  if (modelQuery >= 0) {
    queries.push(model.slice(modelQuery + 1));
    model = model.slice(0, modelQuery);
  }
  const urlQuery = url.indexOf('?');
  if (urlQuery >= 0) {
    queries.push(url.slice(urlQuery + 1));
    url = url.slice(0, urlQuery);
  }
  if (model.trim() === '') fail('the model after # is empty');
  if (!/^https?:\/\/[^/]/.test(url)) fail(`"${url}" is not an http(s) URL`);
  const config: Record<string, unknown> = { baseUrl: url, model: decodeModel(model) };
  for (const query of queries) {
    for (const [key, value] of new URLSearchParams(query)) {
      const set = setters[key];
      if (!set) fail(`unknown option "${key}"; known options: ${Object.keys(setters).join(', ')}`);
      else set(config, value);
    }
  }
  try {
    return parseEndpointConfig(config);
  } catch (cause) {
    if (!(cause instanceof EndpointConfigError)) throw cause;
    throw new EndpointConfigError(`bad endpoint "${spec}": ${cause.message}`, { cause });
  }
}

// `%2F` may stand for a slash in a model name; a lone `%` (as in `50%-off`) is kept as written.
function decodeModel(model: string): string {
  try {
    return decodeURIComponent(model);
  } catch {
    return model;
  }
}
