/**
 * `@swespot/test-repro/test`: small repositories with known bugs, their gold patches and
 * tests, for tests of code that builds or grades reproduction tasks (the grader's own tests,
 * the CLI's, evaluation's).
 */
export {
  writeGitRepository,
  TEXTKIT_FIXED,
  TEXTKIT_BUG_PATCH,
  TEXTKIT_GOLD_PATCH,
  TEXTKIT_FAIL_TO_PASS,
  TEXTKIT_PASS_TO_PASS,
  textkitBugfix,
  TALLY_BUGGY,
  TALLY_GOLD_PATCH,
  TALLY_GOLD_TEST_PATCH,
  appendToTallyTests,
} from './buggy-repositories';
