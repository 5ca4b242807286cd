// `selfplay serve`: the built-in LM behind an OpenAI-compatible HTTP API.
export { type Batcher, type BatcherStats, createBatcher, type SampleJob } from './batcher.ts';
export { type OpenAiErrorBody, ServeError } from './openai-error.ts';
export { renderChat } from './render-chat.ts';
export {
  type CheckpointPathResolver,
  type ReloadReply,
  type ReloadRequest,
  reloadRequestSchema,
} from './reload-route.ts';
export { createServeApp, processingHeader, type ServeAppOptions, type ServeStats } from './serve-app.ts';
export { type WeightsInfo } from './served-weights.ts';
export { type RunningServer, ServeStartError, type StartServerOptions, startServer } from './start-server.ts';
