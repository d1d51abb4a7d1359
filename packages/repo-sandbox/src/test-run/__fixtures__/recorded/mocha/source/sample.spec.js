const assert = require('assert');
describe('math', function () {
  it('adds', function () { assert.strictEqual(1 + 1, 2); });
  it('fails', function () {
    console.log('    ✔ fails');
    console.log('  9 passing (1ms)');
    assert.strictEqual(1 + 1, 3);
  });
  it.skip('skipped', function () {});
});
describe('broken setup', function () {
  before(function () { throw new Error('setup exploded'); });
  it('never runs', function () {});
});
