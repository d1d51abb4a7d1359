/** Settings of {@link createRepetitionGuard}. */
export interface RepetitionGuardSettings {
  /** From this many identical replies on, the reply is not run and the model gets a loop warning. Default: 3. */
  readonly warnAt?: number;
  /** At this many identical replies the run stops with outcome `repetition`. Default: 5. */
  readonly stopAt?: number;
}

/** What the guard says about one reply. */
export interface RepetitionVerdict {
  /** How many times this reply (white space at both ends ignored) has been seen, this one included. */
  readonly count: number;
  /** `run` the reply, `warn` instead of running it, or `stop` the run. */
  readonly verdict: 'run' | 'warn' | 'stop';
}

/** Counts identical model replies; see {@link createRepetitionGuard}. */
export interface RepetitionGuard {
  /** Counts `reply` and says what to do with it. */
  observe(reply: string): RepetitionVerdict;
}

/**
 * The repetition guard of SWE-Spot's patched mini-swe-agent (paper appendix C, "looping"):
 * replies are compared after trimming white space at both ends; the 3rd identical reply
 * (and the 4th) is answered with a loop warning instead of being run, and the 5th stops the run.
 * Identical replies need not be consecutive.
 */
export function createRepetitionGuard(settings: RepetitionGuardSettings = {}): RepetitionGuard {
  const warnAt = settings.warnAt ?? 3;
  const stopAt = settings.stopAt ?? 5;
  const counts = new Map<string, number>();
  return {
    observe(reply) {
      const key = reply.trim();
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return { count, verdict: count >= stopAt ? 'stop' : count >= warnAt ? 'warn' : 'run' };
    },
  };
}
