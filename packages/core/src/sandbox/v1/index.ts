export type * from './sandbox-capabilities-v1';
export type * from './sandbox-exec-v1';
export type * from './sandbox-files-v1';
export type * from './sandbox-provider-v1';
export type * from './sandbox-session-v1';
