import type { TestFramework } from '@swespot/core';
import { UnsupportedCapabilityError } from '@swespot/core';
import { parseCargoOutput } from './parsers/parse-cargo-output';
import { parseGoTestOutput } from './parsers/parse-go-test-output';
import { parseJestOutput } from './parsers/parse-jest-output';
import { parseMavenOutput } from './parsers/parse-maven-output';
import { parseMochaOutput } from './parsers/parse-mocha-output';
import { parseNodeTestOutput } from './parsers/parse-node-test-output';
import { parsePytestOutput } from './parsers/parse-pytest-output';
import { parseSympyOutput } from './parsers/parse-sympy-output';
import { parseUnittestOutput } from './parsers/parse-unittest-output';
import { parseVitestOutput } from './parsers/parse-vitest-output';
import type { TestOutputParser } from './test-output';

/** The output parser of each runner swespot reads; Django's `runtests.py` prints unittest's format. */
export const TEST_OUTPUT_PARSERS: Readonly<Partial<Record<TestFramework, TestOutputParser>>> = Object.freeze({
  pytest: parsePytestOutput,
  unittest: parseUnittestOutput,
  django: parseUnittestOutput,
  sympy: parseSympyOutput,
  jest: parseJestOutput,
  vitest: parseVitestOutput,
  mocha: parseMochaOutput,
  'node-test': parseNodeTestOutput,
  'go-test': parseGoTestOutput,
  cargo: parseCargoOutput,
  maven: parseMavenOutput,
});

/**
 * The parser for a runner.
 *
 * @throws UnsupportedCapabilityError for a runner without one (gradle, for now).
 */
export function testOutputParserFor(framework: TestFramework): TestOutputParser {
  const parser = TEST_OUTPUT_PARSERS[framework];
  if (!parser) {
    throw new UnsupportedCapabilityError({
      capability: `parser:${framework}`,
      provider: 'repo-sandbox',
      message: `framework: no output parser for ${framework} yet; use one of ${Object.keys(TEST_OUTPUT_PARSERS).join(', ')}.`,
    });
  }
  return parser;
}
