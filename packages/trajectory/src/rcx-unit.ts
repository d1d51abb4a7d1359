import type { TaskKind } from '@swespot/core';

/**
 * The four units of Repository-Centric Experience (SWE-Spot), named as the paper's data
 * folders: `software_design` (design probes, and qa), `ctx_impl` (contextual implementation:
 * FIM holes), `evo_replay` (evolutionary replay: bug fixes and features), `rt_alignment`
 * (semantic-runtime alignment: reproduction tests).
 */
export type RcxUnit = 'software_design' | 'ctx_impl' | 'evo_replay' | 'rt_alignment';

/** Every {@link RcxUnit}, in the paper's order. */
export const rcxUnits: readonly RcxUnit[] = ['software_design', 'ctx_impl', 'evo_replay', 'rt_alignment'];

const unitByKind: Record<TaskKind, RcxUnit> = {
  design: 'software_design',
  qa: 'software_design',
  fim: 'ctx_impl',
  bugfix: 'evo_replay',
  feature: 'evo_replay',
  'test-repro': 'rt_alignment',
};

/** The RCX unit a task kind trains. */
export function rcxUnitOf(kind: TaskKind): RcxUnit {
  return unitByKind[kind];
}
