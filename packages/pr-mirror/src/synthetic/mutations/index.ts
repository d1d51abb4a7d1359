import { breakChain } from './break-chain';
import { changeConstant } from './change-constant';
import { changeOperator } from './change-operator';
import { invertIf } from './invert-if';
import type { ProceduralMutation } from './procedural-mutation';
import { removeAssignment } from './remove-assignment';
import { removeBase } from './remove-base';
import { removeCondition } from './remove-condition';
import { removeLoop } from './remove-loop';
import { removeWrapper } from './remove-wrapper';
import { shuffleStatements } from './shuffle-statements';
import { swapOperands } from './swap-operands';

/** Every procedural mutation, in a fixed order (the order choices are drawn from). */
export const PROCEDURAL_MUTATIONS: readonly ProceduralMutation[] = [
  invertIf,
  removeCondition,
  removeLoop,
  removeAssignment,
  removeWrapper,
  changeOperator,
  swapOperands,
  changeConstant,
  breakChain,
  shuffleStatements,
  removeBase,
];

export { breakChain, changeConstant, changeOperator, invertIf, removeAssignment, removeBase, removeCondition, removeLoop, removeWrapper, shuffleStatements, swapOperands };
