export const fakeSandbox = { kind: 'fake' };
