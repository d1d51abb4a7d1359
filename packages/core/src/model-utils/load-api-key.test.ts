import { LoadSettingError } from '../errors/load-setting-error';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadApiKey } from './load-api-key';

afterEach(() => vi.unstubAllEnvs());

describe('loadApiKey', () => {
  it('prefers the option, then the variable, then the fallback', () => {
    vi.stubEnv('SWESPOT_TEST_KEY', 'from-environment');
    const base = { environmentVariableName: 'SWESPOT_TEST_KEY', description: 'Test' };
    expect(loadApiKey({ ...base, apiKey: 'from-option' })).toBe('from-option');
    expect(loadApiKey({ ...base, apiKey: undefined })).toBe('from-environment');
    vi.stubEnv('SWESPOT_TEST_KEY', '  ');
    expect(loadApiKey({ ...base, apiKey: undefined, fallback: 'EMPTY' })).toBe('EMPTY');
  });

  it('names the option and the variable, never a value, when the key is missing or blank', () => {
    vi.stubEnv('SWESPOT_TEST_KEY', '');
    const load = (apiKey: string | undefined) => () =>
      loadApiKey({ apiKey, environmentVariableName: 'SWESPOT_TEST_KEY', description: 'Test' });
    expect(load(undefined)).toThrow(LoadSettingError);
    expect(load(undefined)).toThrow("Test API key is missing. Pass it in the 'apiKey' option or set the SWESPOT_TEST_KEY environment variable.");
    expect(load('')).toThrow(/empty.*'apiKey'.*SWESPOT_TEST_KEY/);
  });
});

describe('loadApiKey with several variables', () => {
  it('reads them in order and names them all when none is set', () => {
    vi.stubEnv('SWESPOT_FIRST_KEY', '');
    vi.stubEnv('SWESPOT_SECOND_KEY', 'second');
    const load = () =>
      loadApiKey({ apiKey: undefined, environmentVariableName: ['SWESPOT_FIRST_KEY', 'SWESPOT_SECOND_KEY'], description: 'Test' });
    expect(load()).toBe('second');
    vi.stubEnv('SWESPOT_FIRST_KEY', 'first');
    expect(load()).toBe('first');
    vi.stubEnv('SWESPOT_FIRST_KEY', '');
    vi.stubEnv('SWESPOT_SECOND_KEY', '');
    expect(load).toThrow(
      "Test API key is missing. Pass it in the 'apiKey' option or set one of the environment variables SWESPOT_FIRST_KEY, SWESPOT_SECOND_KEY.",
    );
  });
});
