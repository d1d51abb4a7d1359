import { describe, expect, it } from 'vitest';
import { ApiCallError, isRetryableStatus } from './api-call-error';
import { InvalidArgumentError } from './invalid-argument-error';
import { InvalidConfigError } from './invalid-config-error';
import { LoadSettingError } from './load-setting-error';
import { SandboxCommandError } from './sandbox-command-error';
import { SwespotError } from './swespot-error';
import { UnsupportedCapabilityError } from './unsupported-capability-error';
import { ValidationError } from './validation-error';

const cause = new Error('root cause');
const cases = [
  { Class: InvalidArgumentError, error: new InvalidArgumentError({ message: 'bad', argument: 'seed', cause }) },
  { Class: InvalidConfigError, error: new InvalidConfigError({ issues: [{ path: 'a.b', message: 'bad' }], cause }) },
  { Class: LoadSettingError, error: new LoadSettingError({ message: 'missing', option: 'apiKey', environmentVariable: 'X_API_KEY', cause }) },
  { Class: ApiCallError, error: new ApiCallError({ message: 'failed', statusCode: 500, cause }) },
  { Class: UnsupportedCapabilityError, error: new UnsupportedCapabilityError({ capability: 'networkIsolation', provider: 'local', cause }) },
  { Class: SandboxCommandError, error: new SandboxCommandError({ command: ['git', 'apply'], exitCode: 1, stderr: 'error: patch failed', cause }) },
  { Class: ValidationError, error: new ValidationError({ issues: [{ path: 'id', message: 'Required' }], file: 't.jsonl', line: 3, cause }) },
] as const;

describe('error classes', () => {
  for (const { Class, error } of cases) {
    it(`${Class.name}: isInstance holds for itself and the base, not for others, and keeps the cause`, () => {
      expect(Class.isInstance(error)).toBe(true);
      expect(SwespotError.isInstance(error)).toBe(true);
      expect(Class.isInstance(new Error('plain'))).toBe(false);
      expect(Class.isInstance(null)).toBe(false);
      expect(Class.isInstance(new SwespotError({ message: 'base' }))).toBe(false);
      for (const other of cases) if (other.Class !== Class) expect(other.Class.isInstance(error)).toBe(false);
      expect(error.cause).toBe(cause);
      expect(error).toBeInstanceOf(Error);
    });
  }

  it('recognises an error from another copy of core through the Symbol.for marker', () => {
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('swespot.error')]: true,
      [Symbol.for('swespot.error.SwespotApiCallError')]: true,
    });
    expect(ApiCallError.isInstance(foreign)).toBe(true);
    expect(SandboxCommandError.isInstance(foreign)).toBe(false);
  });

  it('derives retryability from the status and formats useful messages', () => {
    expect([408, 409, 429, 500, 503, undefined].map(isRetryableStatus)).toEqual([true, true, true, true, true, true]);
    expect([400, 401, 403, 404, 422].map(isRetryableStatus)).toEqual([false, false, false, false, false]);
    expect(new ApiCallError({ message: 'x', statusCode: 401 }).isRetryable).toBe(false);
    expect(new ApiCallError({ message: 'x', statusCode: 401, isRetryable: true }).isRetryable).toBe(true);
    expect(new InvalidConfigError({ file: 'swespot.config.json', issues: [{ path: 'sandbox.memoryMb', message: 'Expected number' }, { path: '', message: 'Unknown key' }] }).message).toBe(
      'Invalid configuration in swespot.config.json:\n  sandbox.memoryMb: Expected number\n  (root): Unknown key',
    );
    expect(new ValidationError({ issues: [{ path: 'steps.3.action', message: 'Required' }], file: 'a.jsonl', line: 17, schema: 'Trajectory' }).message).toBe(
      'a.jsonl:17: invalid Trajectory:\n  steps.3.action: Required',
    );
    expect(new SandboxCommandError({ command: ['git', 'apply', 'x.diff'], exitCode: 1, stderr: 'error: corrupt patch\n' }).message).toBe(
      'Command failed with exit code 1: git apply x.diff\nerror: corrupt patch',
    );
  });
});
