const missing = require('./does-not-exist');
test('unreachable', () => expect(missing).toBeDefined());
