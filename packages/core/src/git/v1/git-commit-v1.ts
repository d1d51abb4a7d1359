/** A person and time on a commit. */
export interface GitSignatureV1 {
  readonly name: string;
  readonly email: string;
  /** The time as an ISO 8601 string in UTC, e.g. `2024-08-14T16:59:16.000Z`. */
  readonly date: string;
  /** Seconds since the Unix epoch. */
  readonly timestamp: number;
  /** The recorded time-zone offset in minutes east of UTC (e.g. +0200 → 120). */
  readonly timezoneOffsetMinutes: number;
}

/** One commit. */
export interface GitCommitV1 {
  /** Full 40-hex (or 64-hex for SHA-256 repositories) object id. */
  readonly sha: string;
  /** Parent commit ids, first parent first; empty for a root commit. */
  readonly parents: readonly string[];
  /** The root tree's id. */
  readonly tree: string;
  readonly author: GitSignatureV1;
  /** The committer; its date is what "at a cutoff" compares against. */
  readonly committer: GitSignatureV1;
  /** The whole message, with a trailing newline removed. */
  readonly message: string;
}
