export type * from './model-v1';
export type * from './model-v1-call-options';
export type * from './model-v1-message';
export type * from './model-v1-result';
export type * from './model-v1-settings';
