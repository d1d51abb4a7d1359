/**
 * `@swespot/core/test`: public fakes for testing code that uses swespot's interfaces:
 * a scripted model that records its calls and an in-memory sandbox session.
 */
// @section test-fakes
export { MockModelV1, type MockModelV1Reply, type MockModelV1Settings } from './mock-model-v1';
export {
  createInMemorySandboxSession,
  type InMemoryCommandHandler,
  type InMemoryCommandResult,
  type InMemorySandboxSession,
  type InMemorySandboxSettings,
} from './in-memory-sandbox-session';
