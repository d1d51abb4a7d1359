/** `@swespot/repo-sandbox/bubblewrap`: sandboxes over bubblewrap (read-only host root, no network, rlimits). */
export {
  createBubblewrapSandbox,
  BUBBLEWRAP_SANDBOX_CAPABILITIES,
  type BubblewrapSandboxSettings,
} from './create-bubblewrap-sandbox';
