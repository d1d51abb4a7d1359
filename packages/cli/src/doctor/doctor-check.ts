/** The outcome of one doctor check: `ok`, `missing` (not installed or not reachable) or `warning` (present but limited). */
export type DoctorCheckStatus = 'ok' | 'missing' | 'warning';

/** What `swespot doctor` found for one tool. */
export interface DoctorCheck {
  /** Short name, e.g. `node`, `git`, `docker`, `bubblewrap`, `tree-sitter`, `pnpm`. */
  name: string;
  /** Whether it is there and usable. */
  status: DoctorCheckStatus;
  /** Whether swespot cannot work without it (node, git); a missing required item fails the doctor. */
  required: boolean;
  /** The version found, when one was found. */
  version?: string;
  /** One line on what was found, e.g. `Docker Engine 27.3.1 at unix:///var/run/docker.sock`. */
  detail: string;
  /** For `missing` and `warning`: what to install or change. */
  hint?: string;
}
