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

const unitAliases: Record<string, RcxUnit> = {
  'software-design': 'software_design',
  'contextual-implementation': 'ctx_impl',
  'ctx-impl': 'ctx_impl',
  'evolutionary-replay': 'evo_replay',
  'evo-replay': 'evo_replay',
  'semantic-runtime-alignment': 'rt_alignment',
  'rt-alignment': 'rt_alignment',
};

/**
 * The RCX unit a name stands for: a unit name (`evo_replay`), its long kebab-case form
 * (`evolutionary-replay`, as train-launcher's dataset files are named) or a task kind
 * (`bugfix`); undefined when it is none of these.
 */
export function resolveRcxUnit(name: string): RcxUnit | undefined {
  if ((rcxUnits as readonly string[]).includes(name)) return name as RcxUnit;
  if (name in unitByKind) return unitByKind[name as TaskKind];
  return unitAliases[name];
}
