import { defaultServerConditions } from 'vite';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The shared vitest base: resolves sibling `@swespot/*` packages to their
 * TypeScript source through the `@swespot/source` export condition, so tests
 * need no prior build of their dependencies.
 */
export function defineSwespotTestConfig(overrides: ViteUserConfig['test'] = {}): ViteUserConfig {
  const conditions = ['@swespot/source', ...defaultServerConditions];
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@swespot/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      restoreMocks: true,
      clearMocks: true,
      // Timeouts only catch a hung test; they are not speed targets (those are benchmarks).
      // On a loaded 2-core CI machine (load average 11) honest tests run 10 times slower.
      testTimeout: 180_000,
      hookTimeout: 300_000,
      ...overrides,
    },
  });
}
