/** Default wall-clock limit of one sandboxed command, in milliseconds (the contract's 60 s). */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

/** Default number of bytes kept of each of stdout and stderr (1 MiB). */
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/** Where the workspace appears inside bubblewrap and Docker sessions unless set otherwise. */
export const DEFAULT_SANDBOX_WORKDIR = '/testbed';
