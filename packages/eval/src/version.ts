declare const __PACKAGE_VERSION__: string | undefined;

/** The version of `@swespot/eval`, set at build time; `0.0.0-source` when run from source. */
export const VERSION: string =
  typeof __PACKAGE_VERSION__ === 'undefined' ? '0.0.0-source' : __PACKAGE_VERSION__;
