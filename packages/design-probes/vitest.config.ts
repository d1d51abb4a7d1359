import { defineSwespotTestConfig } from '../../tools/vitest/base';

export default defineSwespotTestConfig();
