export type * from './verifier-v1';
