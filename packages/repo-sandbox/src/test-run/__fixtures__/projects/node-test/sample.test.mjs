import { test, describe } from 'node:test';
import assert from 'node:assert';
describe('math', () => {
  test('adds', () => assert.strictEqual(1 + 1, 2));
  test('fails', () => {
    console.log('ok 99 - math fails');
    console.log('# pass 9');
    assert.strictEqual(1 + 1, 3);
  });
});
test('throws', () => { throw new TypeError('boom'); });
test('skipped', { skip: 'not today' }, () => {});
test('todo', { todo: 'later' }, () => {});
