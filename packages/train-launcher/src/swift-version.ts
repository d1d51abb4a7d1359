import { InvalidArgumentError } from '@swespot/core';

/**
 * An ms-swift release line the emitters can target. Flag names differ between 3.10–3.12 and
 * 4.x (ms-swift 4.0 renamed most Megatron-SWIFT flags, 4.1 removed `--train_type`), and an
 * unknown flag is a fatal `ValueError: remaining_argv` there, so every emitter renders the
 * names of exactly this version.
 */
export interface SwiftVersion {
  /** Major version: 3 or 4. */
  major: 3 | 4;
  /** Minor version, e.g. 11 for 3.11. */
  minor: number;
  /**
   * Patch version, e.g. 6 for 3.12.6; 0 when the version is written without one (`3.12` means
   * 3.12.0, so a value that arrived in a later patch release is not assumed).
   */
  patch: number;
  /** The version as written, e.g. `3.11` or `4.5.2`. */
  text: string;
}

/**
 * The ms-swift version SWE-Spot's own `train/mix_django.sh` was written for. Its flags parse
 * on 3.10–3.12 only, and it relies on `--wandb_project` alone turning wandb on and on
 * `--load_safetensors true`, which only 3.10/3.11 need (reference note §1).
 */
export const PAPER_SWIFT_VERSION = '3.11';

/** The newest ms-swift release line checked against its dataclasses (4.5.2). Default of `TrainJob.swiftVersion`. */
export const LATEST_SWIFT_VERSION = '4.5';

/**
 * Parses `3.11`, `3.12.6` or `4.5.2` into a {@link SwiftVersion}.
 *
 * @throws {InvalidArgumentError} for text that is not `MAJOR.MINOR[.PATCH]`, or for a
 *   version outside 3.10–4.x (3.9 lacks `--load_safetensors`; 5.x is unknown).
 */
export function parseSwiftVersion(text: string): SwiftVersion {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) {
    throw new InvalidArgumentError({
      argument: 'swiftVersion',
      message: `swiftVersion: "${text}" is not a version; write MAJOR.MINOR, e.g. ${PAPER_SWIFT_VERSION} or ${LATEST_SWIFT_VERSION}.`,
    });
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (!((major === 3 && minor >= 10 && minor <= 12) || major === 4)) {
    throw new InvalidArgumentError({
      argument: 'swiftVersion',
      message: `swiftVersion: ms-swift ${text} is not supported; the emitters know the flag names of 3.10–3.12 and 4.x. Use ${PAPER_SWIFT_VERSION} to reproduce the paper or ${LATEST_SWIFT_VERSION} for a current install.`,
    });
  }
  return { major: major as 3 | 4, minor, patch: Number(match[3] ?? 0), text: text.trim() };
}

/** True when `version` is at least `major.minor`. */
export function isSwiftVersionAtLeast(version: SwiftVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}
