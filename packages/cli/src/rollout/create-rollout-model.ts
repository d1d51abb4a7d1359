import { InvalidArgumentError, type ModelV1 } from '@swespot/core';
import type { RolloutOptions } from './rollout-options-schema';

/**
 * The model of `swespot rollout --model PROVIDER:MODEL`:
 * - `openai`: api.openai.com, or any OpenAI-compatible server with `--base-url`;
 * - `vllm`, `sglang`, `llama.cpp`: an OpenAI-compatible server (`--base-url` required),
 *   all through `@swespot/model-openai`;
 * - `anthropic` through `@swespot/model-anthropic`, `google` (Gemini) through `@swespot/model-google`.
 *
 * The key comes from the variable named by `--api-key-env` (default: the package's own,
 * `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`/`GOOGLE_API_KEY`), read from the
 * command's environment; a local server without a key gets a placeholder. Model packages
 * are loaded on demand, so other subcommands do not pay for their SDKs.
 *
 * @throws {InvalidArgumentError} when a local server has no `--base-url`, or a hosted API
 *   (OpenAI without `--base-url`, Anthropic, Gemini) has no key in the environment: the message
 *   names the variable to set.
 */
export async function createRolloutModel(options: RolloutOptions, env: NodeJS.ProcessEnv): Promise<ModelV1> {
  const separator = options.model.indexOf(':');
  const provider = options.model.slice(0, separator);
  const modelId = options.model.slice(separator + 1);
  const keyFrom = (defaults: readonly string[], required = true) => {
    const names = options.apiKeyEnv === undefined ? defaults : [options.apiKeyEnv];
    const name = names.find((candidate) => (env[candidate] ?? '').trim() !== '');
    if (name === undefined && required) {
      // Checked here, before any task is read or sandbox started, and said in the command's terms.
      throw new InvalidArgumentError({
        argument: 'apiKeyEnv',
        message:
          options.apiKeyEnv === undefined
            ? `no API key for ${provider}: set the ${names.join(' or ')} environment variable (or name another variable with --api-key-env, or teacher.apiKeyEnv in swespot.config.json)`
            : `--api-key-env: the environment variable ${options.apiKeyEnv} is not set or empty; set it to the ${provider} API key`,
      });
    }
    return {
      ...(name === undefined ? {} : { apiKey: env[name]! }),
      ...(options.apiKeyEnv === undefined ? {} : { apiKeyEnvironmentVariable: options.apiKeyEnv }),
    };
  };
  const baseURL = options.baseUrl === undefined ? {} : { baseURL: options.baseUrl };
  switch (provider) {
    case 'anthropic': {
      const { createAnthropic } = await import('@swespot/model-anthropic');
      return createAnthropic({ ...baseURL, ...keyFrom(['ANTHROPIC_API_KEY']) }).model(modelId);
    }
    case 'google': {
      const { createGoogle } = await import('@swespot/model-google');
      return createGoogle({ ...baseURL, ...keyFrom(['GEMINI_API_KEY', 'GOOGLE_API_KEY']) }).model(modelId);
    }
    default: {
      if (provider !== 'openai' && options.baseUrl === undefined) {
        throw new InvalidArgumentError({
          argument: 'baseUrl',
          message: `--base-url: required for ${provider}: the server's OpenAI-compatible address, e.g. http://127.0.0.1:8000/v1`,
        });
      }
      const { createOpenAI } = await import('@swespot/model-openai');
      return createOpenAI({
        ...baseURL,
        ...(provider === 'openai' ? {} : { server: provider as 'vllm' | 'sglang' | 'llama.cpp' }),
        // A server at --base-url may need no key (vLLM's convention): the placeholder is sent.
        ...keyFrom(['OPENAI_API_KEY'], options.baseUrl === undefined),
      }).model(modelId);
    }
  }
}
