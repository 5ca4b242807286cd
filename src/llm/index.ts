// The OpenAI-compatible client policy: config, endpoint specs, prompt templates, HTTP pieces and the policy itself.
export {
  type EndpointApi,
  type EndpointConfig,
  EndpointConfigError,
  type EndpointConfigInput,
  endpointApis,
  endpointConfigSchema,
  guidedKinds,
  parseEndpointConfig,
  type ServerKind,
  serverKinds,
} from './endpoint-config.ts';
export { createEndpointPolicy, type EndpointPolicy, type EndpointPolicyDeps } from './endpoint-policy.ts';
export { endpointSpecHelp, endpointSpecPrefix, parseEndpointSpec } from './endpoint-spec.ts';
export { createInstructedEndpoint, instructionTemplates } from './instructed-endpoint.ts';
export { isRetryableStatus, LlmApiError, type LlmApiErrorReason } from './llm-api-error.ts';
export { type JsonReply, type PostJsonOptions, parseJsonReply, postJson } from './post-json.ts';
export {
  builtinTemplates,
  type ChatMessage,
  defaultTemplateName,
  type PromptTemplate,
  placeholderNames,
  type RenderedPrompt,
  renderPrompt,
} from './prompt-templates.ts';
export type { EndpointActResponse, TokenUsage } from './read-reply.ts';
export { parseRetryAfter, type RetryOptions, realSleep, retryWithBackoff, type Sleep } from './retry.ts';
export { createSemaphore, type Semaphore } from './semaphore.ts';
export { captureFields, neutralSamplerFields } from './server-fields.ts';
export { PromptTemplateError, parseTemplateFile, readTemplateJson, resolveTemplate } from './template-file.ts';
export {
  createWeightSync,
  serverRoot,
  type WeightSync,
  WeightSyncError,
  type WeightSyncResult,
  type WeightUpdate,
} from './weight-sync.ts';
export {
  parseWeightSyncConfig,
  type WeightSyncConfig,
  WeightSyncConfigError,
  type WeightSyncConfigInput,
  weightSyncConfigSchema,
  weightSyncKinds,
  type WeightSyncMethod,
  weightSyncMethods,
} from './weight-sync-config.ts';
