/**
 * `@swespot/core/test`: public fakes for testing code that uses swespot's interfaces:
 * a scripted model that records its calls and an in-memory sandbox session.
 */
// @section test-fakes
export {};
