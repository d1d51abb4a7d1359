import type { fakeSandbox } from '@swespot/kernel';

export const sandbox: typeof fakeSandbox | undefined = undefined;
