import { defineSwespotTestConfig } from '../../tools/vitest/base.ts';

// The fixture repository holds its own test files (`*.test.ts`) as data for the index.
export default defineSwespotTestConfig({ exclude: ['**/node_modules/**', 'src/__fixtures__/**'] });
