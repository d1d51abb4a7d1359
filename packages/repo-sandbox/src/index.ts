/**
 * `@swespot/repo-sandbox`: git at native speed, snapshots at a cutoff with a leakage
 * audit, and (through the `./docker`, `./bubblewrap` and `./local` subpaths) sandboxes,
 * patches and test runs.
 */
// @section git-and-snapshots
// @section sandboxes-patches-tests
export {};
