import { InvalidArgumentError, type ModelV1 } from '@swespot/core';
import type { RolloutOptions } from './rollout-options-schema';

/**
 * The model of `swespot rollout --model PROVIDER:MODEL`: `openai` (api.openai.com, or any
 * OpenAI-compatible server with `--base-url`), `vllm`, `sglang` and `llama.cpp` (an
 * OpenAI-compatible server, `--base-url` required) through `@swespot/model-openai`. The key
 * is read from `--api-key-env` (default `OPENAI_API_KEY`). The model package is loaded on demand.
 *
 * @throws {InvalidArgumentError} when a local server has no `--base-url`.
 * @throws {InvalidArgumentError} for `anthropic` and `google`, whose packages are not in this build yet.
 */
export async function createRolloutModel(options: RolloutOptions, env: NodeJS.ProcessEnv): Promise<ModelV1> {
  const separator = options.model.indexOf(':');
  const provider = options.model.slice(0, separator);
  const modelId = options.model.slice(separator + 1);
  switch (provider) {
    case 'openai':
    case 'vllm':
    case 'sglang':
    case 'llama.cpp': {
      if (provider !== 'openai' && options.baseUrl === undefined) {
        throw new InvalidArgumentError({
          argument: 'baseUrl',
          message: `--base-url: required for ${provider}: the server's OpenAI-compatible address, e.g. http://127.0.0.1:8000/v1`,
        });
      }
      // Loaded here, not at the top, so other subcommands do not pay for the OpenAI SDK.
      const { createOpenAI } = await import('@swespot/model-openai');
      const apiKeyEnvironmentVariable = options.apiKeyEnv ?? 'OPENAI_API_KEY';
      const apiKey = env[apiKeyEnvironmentVariable];
      return createOpenAI({
        ...(options.baseUrl === undefined ? {} : { baseURL: options.baseUrl }),
        ...(provider === 'openai' ? {} : { server: provider }),
        ...(apiKey === undefined || apiKey === '' ? {} : { apiKey }),
        apiKeyEnvironmentVariable,
      }).model(modelId);
    }
    default:
      throw new InvalidArgumentError({
        argument: 'model',
        message: `--model: the ${provider} model backend (@swespot/model-${provider}) is not available in this build yet; use openai, vllm, sglang or llama.cpp.`,
      });
  }
}
