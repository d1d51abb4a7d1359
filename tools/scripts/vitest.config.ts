import { defineSwespotTestConfig } from '../vitest/base.ts';

export default defineSwespotTestConfig();
