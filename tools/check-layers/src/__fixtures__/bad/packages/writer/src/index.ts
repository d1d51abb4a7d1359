import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export type Writer = string;
export const planner = require('@swespot/planner/extra');
