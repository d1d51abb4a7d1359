import { defineSwespotTestConfig } from '../../tools/vitest/base.ts';

export default defineSwespotTestConfig();
