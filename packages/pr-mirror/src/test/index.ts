/**
 * `@swespot/pr-mirror/test`: a sample repository for tests of bug sources and their consumers.
 */
export { buildCalcRepository, CALC_CUTOFF, CALC_TEXT_AT_CUTOFF, CALC_TEXT_UNFIXED } from './build-calc-repository';
