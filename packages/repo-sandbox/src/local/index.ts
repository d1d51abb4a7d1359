/** `@swespot/repo-sandbox/local`: the unisolated local sandbox (requires `unsafe: true`). */
export { createLocalSandbox, LOCAL_SANDBOX_CAPABILITIES, type LocalSandboxSettings } from './create-local-sandbox';
