import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { ModelV1 } from '../model/v1/model-v1';
import type { ModelV1CallOptions } from '../model/v1/model-v1-call-options';
import type { ModelV1Result } from '../model/v1/model-v1-result';

/** One scripted reply: the text alone, a partial result, an error to throw, or a function of the call. */
export type MockModelV1Reply =
  | string
  | (Partial<ModelV1Result> & { readonly text: string })
  | Error
  | ((options: ModelV1CallOptions, callIndex: number) => string | ModelV1Result | PromiseLike<string | ModelV1Result>);

/** Settings of {@link MockModelV1}. */
export interface MockModelV1Settings {
  /** Reported provider. Default: `mock`. */
  readonly provider?: string;
  /** Reported model id. Default: `mock-model`. */
  readonly modelId?: string;
  /**
   * Replies in call order. When they run out, a call rejects with a clear error unless
   * `repeatLast` is set.
   */
  readonly replies: readonly MockModelV1Reply[];
  /** Keep answering with the last reply once the script is used up. Default: false. */
  readonly repeatLast?: boolean;
}

/**
 * A scripted {@link ModelV1} for tests: answers with the given replies in order and
 * records every call (a copy of its options) in {@link calls}. Usage defaults to a
 * word-count estimate so limits that count tokens can be exercised.
 *
 * @example
 * ```ts
 * const model = new MockModelV1({ replies: ['```bash\nls\n```', '```bash\necho DONE\n```'] });
 * await model.generate({ messages: [{ role: 'user', content: 'go' }] });
 * model.calls[0]?.messages; // what the code under test sent
 * ```
 */
export class MockModelV1 implements ModelV1 {
  readonly specificationVersion = 'v1' as const;
  readonly provider: string;
  readonly modelId: string;
  /** Every call's options, in order (the abort signal is kept as given). */
  readonly calls: ModelV1CallOptions[] = [];
  private readonly replies: readonly MockModelV1Reply[];
  private readonly repeatLast: boolean;

  constructor(settings: MockModelV1Settings) {
    this.provider = settings.provider ?? 'mock';
    this.modelId = settings.modelId ?? 'mock-model';
    this.replies = settings.replies;
    this.repeatLast = settings.repeatLast ?? false;
  }

  async generate(options: ModelV1CallOptions): Promise<ModelV1Result> {
    const callIndex = this.calls.length;
    this.calls.push({ ...options, messages: options.messages.map((message) => ({ ...message })) });
    options.abortSignal?.throwIfAborted();
    const reply = this.replies[callIndex] ?? (this.repeatLast ? this.replies.at(-1) : undefined);
    if (reply === undefined) {
      throw new InvalidArgumentError({
        argument: 'replies',
        message: `MockModelV1 has ${this.replies.length} scripted replies but was called ${callIndex + 1} times. Add replies or set 'repeatLast'.`,
      });
    }
    if (reply instanceof Error) throw reply;
    const value = typeof reply === 'function' ? await reply(options, callIndex) : reply;
    const partial = typeof value === 'string' ? { text: value } : value;
    const inputText = options.messages.map((message) => message.content).join(' ');
    return {
      finishReason: 'stop',
      warnings: [],
      ...partial,
      usage: partial.usage ?? { inputTokens: estimateTokens(inputText), outputTokens: estimateTokens(partial.text) },
    };
  }
}

function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
