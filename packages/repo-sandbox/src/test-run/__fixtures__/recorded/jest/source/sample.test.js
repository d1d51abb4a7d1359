describe('math', () => {
  beforeAll(() => {});
  test('adds', () => expect(1 + 1).toBe(2));
  test('fails', () => {
    console.log('  ✓ math fails (1 ms)');
    process.stderr.write('    ✓ ghost passes (1 ms)\n');
    process.stderr.write('Tests:       4 passed, 4 total\n');
    expect(1 + 1).toBe(3);
  });
  test.skip('skipped', () => {});
  test.todo('later');
});
describe('broken setup', () => {
  beforeEach(() => { throw new Error('setup exploded'); });
  test('never runs', () => {});
});
