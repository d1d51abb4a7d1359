import { describe, expect, it } from 'vitest';
import { makeStep, makeTrajectory } from '../__fixtures__/make-trajectory';
import { createTemporalLeakDetector } from './create-temporal-leak-detector';

const cutoff = '2025-06-01T12:00:00Z';

describe('createTemporalLeakDetector', () => {
  it('finds ISO and git-log dates after the cutoff in observations, but not the sandbox clock or earlier dates', () => {
    const trajectory = makeTrajectory({
      cutoff,
      startedAt: '2026-01-03T08:00:00.000Z',
      steps: [
        makeStep(0, 'git log -3', 'commit 1\nDate:   Tue Jul 1 10:00:00 2025 +0200\ncommit 2\nDate:   Thu May 1 10:00:00 2025 +0200'),
        makeStep(1, 'cat CHANGES', 'Released 2025-06-01 (same day), 2025-05-30 and 2025-09-14.'),
        makeStep(2, 'date -u +%F', '2026-01-03'),
        makeStep(3, 'echo "I recall 2025-12-25"', 'I recall 2025-12-25'),
      ],
    });
    const leaks = createTemporalLeakDetector().find(trajectory);
    expect(leaks).toEqual([
      { kind: 'date', path: 'steps.0.observation', value: 'Tue Jul 1 10:00:00 2025 +0200' },
      { kind: 'date', path: 'steps.1.observation', value: '2025-09-14' },
      { kind: 'date', path: 'steps.3.observation', value: '2025-12-25' },
    ]);
  });

  it('checks no dates without a cutoff, and a given cutoff overrides the trajectory', () => {
    const trajectory = makeTrajectory({ steps: [makeStep(0, 'cat NEWS', 'Version 9 (2025-09-14)')] });
    expect(createTemporalLeakDetector().find(trajectory)).toEqual([]);
    expect(createTemporalLeakDetector({ cutoff }).find(trajectory)).toHaveLength(1);
  });

  it('finds dates of the year before a New Year cutoff that its time zone moves past the cutoff', () => {
    const trajectory = makeTrajectory({
      cutoff: '2025-01-01T00:00:00Z',
      startedAt: '2026-01-03T08:00:00.000Z',
      steps: [
        makeStep(0, 'git log -2', 'Date:   Tue Dec 31 23:00:00 2024 -0500\nDate:   Tue Dec 31 10:00:00 2024 -0500'),
        makeStep(1, 'cat CHANGES', '2024-12-31T23:30:00-02:00, 2024-12-31 and 2023-12-31T23:30:00-02:00'),
      ],
    });
    expect(createTemporalLeakDetector().find(trajectory)).toEqual([
      { kind: 'date', path: 'steps.0.observation', value: 'Tue Dec 31 23:00:00 2024 -0500' },
      { kind: 'date', path: 'steps.1.observation', value: '2024-12-31T23:30:00-02:00' },
    ]);
  });

  it('finds denied commits by 7+ character prefix, whole-word tags and literal strings anywhere, including the model output', () => {
    const commit = '3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345';
    const trajectory = makeTrajectory({
      steps: [
        makeStep(0, 'git show 3f9a1c2', 'fatal: bad object'),
        makeStep(1, 'git tag', '4.0\n4.0.1\nv4.0'),
        makeStep(2, 'grep -rn aggregate_async', 'django/db/models/query.py:10: def aggregate_async('),
        makeStep(3, 'git log --oneline', '3f9a1c3 not the denied one\n3f9a1c2b7d fix'),
      ],
    });
    const leaks = createTemporalLeakDetector({ deniedCommits: [commit], deniedTags: ['4.0'], deniedStrings: ['aggregate_async'] }).find(trajectory);
    expect(leaks.map((leak) => [leak.kind, leak.path, leak.value])).toEqual([
      ['commit', 'steps.0.rawOutput', '3f9a1c2'],
      ['tag', 'steps.1.observation', '4.0'],
      ['string', 'steps.2.rawOutput', 'aggregate_async'],
      ['string', 'steps.2.observation', 'aggregate_async'],
      ['commit', 'steps.3.observation', '3f9a1c2b7d'],
    ]);
  });

  it('refuses a malformed denied commit', () => {
    expect(() => createTemporalLeakDetector({ deniedCommits: ['v1.2'] })).toThrow(/deniedCommits: 'v1.2' is not a commit id/);
  });
});
