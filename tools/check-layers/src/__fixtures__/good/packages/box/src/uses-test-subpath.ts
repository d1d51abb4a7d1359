import { fakeSandbox } from '@swespot/kernel/test';
/* import { run } from '@swespot/front'; */
export const fake = fakeSandbox;
