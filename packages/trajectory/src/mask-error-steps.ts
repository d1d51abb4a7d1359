import type { Trajectory, TrajectoryStep } from '@swespot/core';

/**
 * Why a step counts as a mistake (SWE-Lego's step-level error masking keeps such turns in the
 * context but out of the loss):
 * - `malformed-output`: no parsable action (the agent's format error);
 * - `timed-out`: the command was killed by its timeout;
 * - `shell-syntax-error`: bash could not parse the command;
 * - `command-not-found`: the command does not exist (exit code 127);
 * - `command-usage-error`: a tool rejected its arguments (bad sed expression, bad grep regex, unknown option);
 * - `edit-failed`: an editor tool refused the edit (old text not found, bad path);
 * - `python-syntax-error`: Python raised SyntaxError/IndentationError/TabError (code the agent wrote or edited);
 * - `edit-broke-code`: a traceback whose innermost frame is in a file the agent edited (in this
 *   or an earlier step) with an exception that file had not raised before the edit; for files
 *   the agent wrote whole (its own scripts) only exceptions of broken code count (NameError,
 *   ImportError, ...), since a reproduction script is meant to fail.
 */
export type StepErrorKind =
  | 'malformed-output'
  | 'timed-out'
  | 'shell-syntax-error'
  | 'command-not-found'
  | 'command-usage-error'
  | 'edit-failed'
  | 'python-syntax-error'
  | 'edit-broke-code';

/** Every {@link StepErrorKind}, the default of {@link MaskErrorStepsSettings.kinds}. */
export const stepErrorKinds: readonly StepErrorKind[] = [
  'malformed-output',
  'timed-out',
  'shell-syntax-error',
  'command-not-found',
  'command-usage-error',
  'edit-failed',
  'python-syntax-error',
  'edit-broke-code',
];

/** Settings of {@link maskErrorSteps}. */
export interface MaskErrorStepsSettings {
  /** Which mistakes mask their step. Default: all of {@link stepErrorKinds}. */
  kinds?: readonly StepErrorKind[];
}

/** One masked step. */
export interface MaskedStep {
  /** Index of the step. */
  index: number;
  /** Why it was masked. */
  kind: StepErrorKind;
}

const shellSyntax = /syntax error near unexpected token|unexpected EOF while looking for matching|syntax error: unexpected end of file/;
const commandNotFound = /(?:^|: )[^\s:]+: (?:command not found|No such file or directory)$|^bash: line \d+: [^\s:]+: command not found/m;
const usageError = /sed: -e expression #\d+, char \d+:|sed: can't read [^:]+: No such file|grep: (?:Unmatched|Invalid (?:regular expression|range end|back reference)|Trailing backslash)|(?:invalid|unrecognized|unknown) option|find: unknown predicate|missing operand/;
const editFailed = /No replacement was performed|did not appear verbatim|Invalid `path` parameter|old_str .* is not unique|The path \S+ does not exist/;
const pythonSyntax = /^\s*(?:SyntaxError|IndentationError|TabError): /m;
const frame = /File "([^"]+)", line \d+/g;
const exceptionLine = /^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt|Exit))(?::|$)/gm;

/** A file a command changed: `modified` in place (sed -i, an editor tool, a patch) or `written` whole (a redirect, tee, create). */
export interface EditedFile {
  /** The path as the command names it, without a leading `./`. */
  path: string;
  /** How it was changed. */
  mode: 'modified' | 'written';
}

function addEditedFile(files: EditedFile[], path: string | undefined, mode: EditedFile['mode']): void {
  if (path === undefined) return;
  const cleaned = path.replace(/^['"]|['"]$/g, '').replace(/^\.\//, '');
  if (cleaned !== '' && !cleaned.startsWith('/dev/') && !cleaned.startsWith('&')) files.push({ path: cleaned, mode });
}

const sedInPlace = /\bsed\s+(?:-[^\s]*\s+)*-i[^\s]*\s+(?:(?:-e\s+)?(?:'[^']*'|"[^"]*"|\S+)\s+)+?([^\s;&|]+)\s*(?:$|[;&|\n])/gm;
const redirect = /(?<![0-9&>])(>>?)\s*([^\s;&|<>()]+)/g;
const tee = /\btee\s+(-a\s+)?([^\s;&|]+)/g;
const editorTool = /\b(?:str_replace_editor|edit_file|str_replace_based_edit_tool)\s+(str_replace|create|insert|undo_edit)\s+(\S+)/g;
const patchTarget = /^\+\+\+ (?:b\/)?(\S+)/gm;

/** Files a shell command writes in place or creates: `sed -i`, redirects, `tee`, editor tools, patches. */
export function editedFilesOf(action: string): EditedFile[] {
  const files: EditedFile[] = [];
  // Each pattern needs its literal (`sed`, `>`, `tee`, `edit`, `+++ `): most commands skip most of them.
  if (action.includes('sed')) {
    sedInPlace.lastIndex = 0;
    for (let match = sedInPlace.exec(action); match !== null; match = sedInPlace.exec(action)) addEditedFile(files, match[1], 'modified');
  }
  if (action.includes('>')) {
    redirect.lastIndex = 0;
    for (let match = redirect.exec(action); match !== null; match = redirect.exec(action)) addEditedFile(files, match[2], match[1] === '>>' ? 'modified' : 'written');
  }
  if (action.includes('tee')) {
    tee.lastIndex = 0;
    for (let match = tee.exec(action); match !== null; match = tee.exec(action)) addEditedFile(files, match[2], match[1] === undefined ? 'written' : 'modified');
  }
  if (action.includes('edit')) {
    editorTool.lastIndex = 0;
    for (let match = editorTool.exec(action); match !== null; match = editorTool.exec(action)) addEditedFile(files, match[2], match[1] === 'create' ? 'written' : 'modified');
  }
  if (action.includes('+++ ')) {
    patchTarget.lastIndex = 0;
    for (let match = patchTarget.exec(action); match !== null; match = patchTarget.exec(action)) addEditedFile(files, match[1], 'modified');
  }
  return files;
}

/** Exceptions that show code is broken, not that it found a bug: counted for files the agent wrote whole (its own scripts). */
const brokenCodeExceptions = new Set(['NameError', 'UnboundLocalError', 'ImportError', 'ModuleNotFoundError', 'SyntaxError', 'IndentationError', 'TabError']);

/** What is known about a file the agent edited, for {@link classifyStepError}. */
export interface EditedFileHistory {
  /** Whether any edit changed it in place (then any new exception counts) or it was only written whole. */
  modified: boolean;
  /** Exceptions raised with this file as innermost frame before its first edit. */
  exceptionsBefore: ReadonlySet<string>;
}

/** The innermost frame's file and the exception name of the last Python traceback in `text`, if any. */
function lastTraceback(text: string): { file: string; exception: string } | undefined {
  const start = text.lastIndexOf('Traceback (most recent call last):');
  if (start === -1) return undefined;
  const tail = text.slice(start);
  let file: string | undefined;
  frame.lastIndex = 0;
  for (let match = frame.exec(tail); match !== null; match = frame.exec(tail)) file = match[1];
  exceptionLine.lastIndex = 0;
  const exception = exceptionLine.exec(tail)?.[1];
  return file === undefined || exception === undefined ? undefined : { file, exception };
}

function sameFile(frameFile: string, editedFile: string): boolean {
  const normalizedFrame = frameFile.replace(/\\/g, '/');
  return normalizedFrame === editedFile || normalizedFrame.endsWith(`/${editedFile}`);
}

/**
 * Classifies one step: the mistake it shows, or undefined when it shows none. Observation-based
 * kinds count only when the action failed (a non-zero exit code, or an unknown one).
 * `editedFiles` holds the files edited up to and including this step (see {@link maskErrorSteps}).
 */
export function classifyStepError(step: TrajectoryStep, editedFiles: ReadonlyMap<string, EditedFileHistory> = new Map()): StepErrorKind | undefined {
  return classify(step, editedFiles, lastTraceback);
}

/** {@link classifyStepError}, with the traceback of the observation from `tracebackOf` (so {@link maskErrorSteps} finds it once per step). */
function classify(step: TrajectoryStep, editedFiles: ReadonlyMap<string, EditedFileHistory>, tracebackOf: (observation: string) => { file: string; exception: string } | undefined): StepErrorKind | undefined {
  if (step.flags.malformed || step.action === null) return 'malformed-output';
  if (step.flags.timedOut) return 'timed-out';
  if (step.exitCode === 0) return undefined;
  const observation = step.observation;
  if (shellSyntax.test(observation)) return 'shell-syntax-error';
  if (step.exitCode === 127 || (commandNotFound.test(observation) && /command not found/.test(observation))) return 'command-not-found';
  if (editFailed.test(observation)) return 'edit-failed';
  if (pythonSyntax.test(observation)) return 'python-syntax-error';
  if (usageError.test(observation)) return 'command-usage-error';
  const traceback = tracebackOf(observation);
  if (traceback !== undefined) {
    for (const [file, history] of editedFiles) {
      if (!sameFile(traceback.file, file) || history.exceptionsBefore.has(traceback.exception)) continue;
      if (history.modified || brokenCodeExceptions.has(traceback.exception)) return 'edit-broke-code';
    }
  }
  return undefined;
}

/**
 * Step-level error masking (SWE-Lego): flags `lossMasked` on every step whose action failed in
 * a way that shows the agent's own mistake ({@link StepErrorKind}), so exporters keep the turn in
 * the context but out of the loss (`"loss": false` for ms-swift). Steps already masked stay
 * masked. Returns the new trajectory and the masked steps with their reasons.
 */
export function maskErrorSteps(trajectory: Trajectory, settings: MaskErrorStepsSettings = {}): { trajectory: Trajectory; masked: MaskedStep[] } {
  const kinds = new Set(settings.kinds ?? stepErrorKinds);
  const edited = new Map<string, { modified: boolean; exceptionsBefore: Set<string> }>();
  const exceptionsByFile = new Map<string, Set<string>>();
  const masked: MaskedStep[] = [];
  const steps = trajectory.steps.map((step) => {
    // Edits of this step count for its own observation: `sed -i ... && python run.py` breaks and runs at once.
    if (step.action !== null) {
      for (const file of editedFilesOf(step.action)) {
        const known = edited.get(file.path);
        if (known !== undefined) {
          known.modified ||= file.mode === 'modified';
          continue;
        }
        const exceptionsBefore = new Set<string>();
        for (const [frameFile, exceptions] of exceptionsByFile) {
          if (sameFile(frameFile, file.path)) for (const exception of exceptions) exceptionsBefore.add(exception);
        }
        edited.set(file.path, { modified: file.mode === 'modified', exceptionsBefore });
      }
    }
    const traceback = lastTraceback(step.observation);
    const kind = classify(step, edited, () => traceback);
    if (traceback !== undefined) {
      const seen = exceptionsByFile.get(traceback.file) ?? new Set<string>();
      seen.add(traceback.exception);
      exceptionsByFile.set(traceback.file, seen);
    }
    if (kind !== undefined && kinds.has(kind)) {
      masked.push({ index: step.index, kind });
      return step.flags.lossMasked ? step : { ...step, flags: { ...step.flags, lossMasked: true } };
    }
    return step;
  });
  return { trajectory: masked.length === 0 ? trajectory : { ...trajectory, steps }, masked };
}
