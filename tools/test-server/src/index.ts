/**
 * `@swespot-tools/test-server` (private): a scripted HTTP server on 127.0.0.1 for testing
 * the model provider packages against their real SDKs.
 */
export {
  createTestServer,
  type TestServer,
  type TestServerCall,
  type TestServerEvent,
  type TestServerResponder,
  type TestServerResponse,
  type TestServerRoutes,
} from './create-test-server';
