import { defineSwespotTestConfig } from '../vitest/base';

export default defineSwespotTestConfig();
