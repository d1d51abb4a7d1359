import { SwespotError } from '@swespot/core';
import { countLeaks, type SnapshotAuditReport } from './audit-snapshot';

const name = 'SwespotSnapshotLeakError';
const marker = `swespot.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A snapshot holds something from after its cutoff (a future commit, a ref or reflog entry
 * outside the allowed history, an unreachable object, a remote). Carries the whole
 * {@link SnapshotAuditReport}.
 */
export class SnapshotLeakError extends SwespotError {
  private readonly [symbol] = true;
  /** The audit that found the leaks. */
  readonly report: SnapshotAuditReport;

  constructor({ report, cause }: { report: SnapshotAuditReport; cause?: unknown }) {
    const total = countLeaks(report);
    const shown = report.leaks.slice(0, 10).map((leak) => `  ${leak.kind}: ${leak.detail}`);
    const more = total > shown.length ? [`  ... and ${total - shown.length} more`] : [];
    super({
      message: `${report.directory}: ${total} leak(s) past the cutoff ${report.cutoff}:\n${[...shown, ...more].join('\n')}\nMake the snapshot again with createSnapshot (history 'none' or 'truncated'), or remove what is listed.`,
      cause,
    });
    this.name = name;
    this.report = report;
  }

  static override isInstance(error: unknown): error is SnapshotLeakError {
    return SwespotError.hasMarker(error, marker);
  }
}
