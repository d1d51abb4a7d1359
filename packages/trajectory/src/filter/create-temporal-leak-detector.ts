import { InvalidArgumentError, type Trajectory } from '@swespot/core';

/**
 * Settings of {@link createTemporalLeakDetector}: the cutoff, and the facts that only exist
 * after it (the repo-sandbox snapshot audit lists the commits and tags it removed).
 */
export interface TemporalLeakSettings {
  /** Knowledge cutoff, ISO 8601. Default: each trajectory's own `cutoff`; without either, dates are not checked. */
  cutoff?: string;
  /** Commit ids (full, lowercase hex) made after the cutoff. A 7+ character prefix of one in any text is a leak. Default none. */
  deniedCommits?: readonly string[];
  /** Tag names created after the cutoff, matched as whole words (`4.0` does not match `4.0.1`). Default none. */
  deniedTags?: readonly string[];
  /** Other strings that only exist after the cutoff (a function added later, a release note line), matched literally. Default none. */
  deniedStrings?: readonly string[];
  /**
   * Dates within this many milliseconds before the run's `startedAt` (or after it) are the
   * sandbox's own clock (`date`, `ls -l`, test timestamps), not repository content, and are not
   * leaks. Default one day (86,400,000 ms).
   */
  clockSlackMs?: number;
}

/** One post-cutoff fact found in a trajectory. */
export interface TemporalLeak {
  /** `date`: a date after the cutoff in what the environment showed; `commit`, `tag`, `string`: a denied fact anywhere. */
  kind: 'date' | 'commit' | 'tag' | 'string';
  /** The field, e.g. `steps.4.observation`. */
  path: string;
  /** What was found (a date, a commit id, a tag); never secret. */
  value: string;
}

/** Finds post-cutoff facts in trajectories. */
export interface TemporalLeakDetector {
  /** Every leak in the trajectory, in field order. */
  find(trajectory: Trajectory): TemporalLeak[];
}

const months: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
// ISO dates (2021-03-04, optionally with a time) and git's default `Date:   Thu Mar 4 10:00:00 2021 +0100`.
const datePattern = /\b((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:[T ]([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(Z|[+-]\d\d:?\d\d)?)?\b|\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d) ((?:19|20)\d\d)(?: ([+-]\d{4}))?/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The instant a date match stands for, and whether it names a whole day (no time). */
function instantOf(match: RegExpExecArray): { time: number; wholeDay: boolean } | undefined {
  if (match[1] !== undefined) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (match[4] === undefined) return { time: Date.UTC(year, month - 1, day), wholeDay: true };
    const offset = match[7] === undefined || match[7] === 'Z' ? 0 : offsetMinutes(match[7]);
    return { time: Date.UTC(year, month - 1, day, Number(match[4]), Number(match[5]), Number(match[6] ?? 0)) - offset * 60_000, wholeDay: false };
  }
  const month = months[match[8] ?? ''];
  if (month === undefined) return undefined;
  const offset = match[14] === undefined ? 0 : offsetMinutes(match[14]);
  return { time: Date.UTC(Number(match[13]), month, Number(match[9]), Number(match[10]), Number(match[11]), Number(match[12])) - offset * 60_000, wholeDay: false };
}

function offsetMinutes(text: string): number {
  const digits = text.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

/** A pattern of the two-digit strings from `lowest` (0-99) to 99. */
function twoDigitsFrom(lowest: number): string {
  const tens = Math.floor(lowest / 10);
  const ones = lowest % 10;
  return tens === 9 ? `9[${ones}-9]` : `${tens}[${ones}-9]|[${tens + 1}-9]\\d`;
}

/** A pattern of the four-digit years the date pattern reads (1900-2099) from `lowest` on; undefined when there are none. */
function yearsFrom(lowest: number): RegExp | undefined {
  if (lowest > 2099) return undefined;
  if (lowest <= 1900) return /(?:19|20)\d\d/;
  if (lowest < 2000) return new RegExp(`19(?:${twoDigitsFrom(lowest - 1900)})|20\\d\\d`);
  return new RegExp(`20(?:${twoDigitsFrom(lowest - 2000)})`);
}

/** What decides whether a date is a leak for one trajectory: after `cutoff` (or its day), before `clockStart`, year at least `firstYear`. */
interface DateWindow {
  cutoff: number;
  cutoffDay: number;
  clockStart: number;
  /** The earliest year a date after the cutoff can have. */
  firstYear: number;
  /** Finds a year of `firstYear` or later; a text without one holds no leaking date. */
  yearScreen: RegExp | undefined;
}

const yearScreens = new Map<number, RegExp | undefined>();

function dateWindow(cutoff: number, clockStart: number): DateWindow {
  const cutoffDay = Math.floor(cutoff / 86_400_000) * 86_400_000;
  // The date pattern lets days reach 99, hours 99 and offsets 99:99, so a date of year Y is
  // always before April 1 of Y + 1: earlier years cannot be after the cutoff.
  const cutoffYear = new Date(cutoffDay).getUTCFullYear();
  const firstYear = Date.UTC(cutoffYear, 3, 1) > cutoffDay ? cutoffYear - 1 : cutoffYear;
  if (!yearScreens.has(firstYear)) yearScreens.set(firstYear, yearsFrom(firstYear));
  return { cutoff, cutoffDay, clockStart, firstYear, yearScreen: yearScreens.get(firstYear) };
}

function pathOf(prefix: string, index: number | undefined, suffix: string | undefined): string {
  return index === undefined ? prefix : `${prefix}${index}${suffix ?? ''}`;
}

function findDates(text: string, window: DateWindow, leaks: TemporalLeak[], prefix: string, index: number, suffix: string): void {
  // Every date the pattern matches contains its year, so a text without a late enough year has no leak.
  if (window.yearScreen === undefined || !window.yearScreen.test(text)) return;
  datePattern.lastIndex = 0;
  for (let match = datePattern.exec(text); match !== null; match = datePattern.exec(text)) {
    if (Number(match[1] ?? match[13]) < window.firstYear) continue;
    const instant = instantOf(match);
    if (instant === undefined) continue;
    const after = instant.wholeDay ? instant.time > window.cutoffDay : instant.time > window.cutoff;
    if (after && instant.time < window.clockStart) leaks.push({ kind: 'date', path: pathOf(prefix, index, suffix), value: match[0] });
  }
}

/**
 * Creates a detector of temporal leakage: a trajectory that shows something from after the
 * task's knowledge cutoff.
 *
 * - Dates: ISO dates and git-log dates in the task prompt and the observations (what the
 *   environment showed; the model's own text is not checked for dates) that fall after the
 *   cutoff (a date without time counts when its day is after the cutoff's day) but more than
 *   `clockSlackMs` before the run started (later dates are the sandbox clock).
 * - Commits: any 7-40 character hex word that is a prefix of a denied commit, in any field.
 * - Tags and strings: whole-word tags and literal strings from the deny lists, in any field.
 */
export function createTemporalLeakDetector(settings: TemporalLeakSettings = {}): TemporalLeakDetector {
  const clockSlackMs = settings.clockSlackMs ?? 86_400_000;
  const fixedCutoff = settings.cutoff === undefined ? undefined : Date.parse(settings.cutoff);
  if (fixedCutoff !== undefined && Number.isNaN(fixedCutoff)) {
    throw new InvalidArgumentError({ argument: 'cutoff', message: `cutoff must be an ISO 8601 date-time, got '${settings.cutoff}'` });
  }
  const commitPrefixes = new Map<string, string[]>();
  for (const commit of settings.deniedCommits ?? []) {
    const normalized = commit.trim().toLowerCase();
    if (!/^[0-9a-f]{7,64}$/.test(normalized)) {
      throw new InvalidArgumentError({ argument: 'deniedCommits', message: `deniedCommits: '${commit}' is not a commit id (7-64 hex characters)` });
    }
    const key = normalized.slice(0, 7);
    commitPrefixes.set(key, [...(commitPrefixes.get(key) ?? []), normalized]);
  }
  const words = [
    ...(settings.deniedTags ?? []).filter((tag) => tag !== '').map((tag) => `(?<![\\w.-])${escapeRegExp(tag)}(?![\\w-]|\\.\\w)`),
    ...(settings.deniedStrings ?? []).filter((text) => text !== '').map(escapeRegExp),
  ];
  const tagCount = (settings.deniedTags ?? []).filter((tag) => tag !== '').length;
  const wordPattern = words.length === 0 ? undefined : new RegExp(words.map((source, index) => `(?<w${index}>${source})`).join('|'), 'g');

  const commitWord = /\b[0-9a-f]{7,40}\b/g;
  // Paths are built only for a leak: most fields of most trajectories have none.
  const findDenied = (text: string, leaks: TemporalLeak[], prefix: string, index?: number, suffix?: string): void => {
    if (commitPrefixes.size > 0) {
      commitWord.lastIndex = 0;
      for (let match = commitWord.exec(text); match !== null; match = commitWord.exec(text)) {
        const word = match[0];
        const candidates = commitPrefixes.get(word.slice(0, 7));
        if (candidates?.some((commit) => commit.startsWith(word))) leaks.push({ kind: 'commit', path: pathOf(prefix, index, suffix), value: word });
      }
    }
    if (wordPattern !== undefined) {
      wordPattern.lastIndex = 0;
      for (let match = wordPattern.exec(text); match !== null; match = wordPattern.exec(text)) {
        const groups = match.groups ?? {};
        const position = words.findIndex((_, wordIndex) => groups[`w${wordIndex}`] !== undefined);
        leaks.push({ kind: position < tagCount ? 'tag' : 'string', path: pathOf(prefix, index, suffix), value: match[0] });
      }
    }
  };

  return {
    find(trajectory) {
      const leaks: TemporalLeak[] = [];
      const cutoff = fixedCutoff ?? (trajectory.cutoff === undefined ? undefined : Date.parse(trajectory.cutoff));
      const dates = cutoff === undefined || Number.isNaN(cutoff) ? undefined : dateWindow(cutoff, Date.parse(trajectory.startedAt) - clockSlackMs);
      const environmentText = (text: string, prefix: string, index: number, suffix: string): void => {
        if (dates !== undefined) findDates(text, dates, leaks, prefix, index, suffix);
        findDenied(text, leaks, prefix, index, suffix);
      };
      findDenied(trajectory.systemPrompt, leaks, 'systemPrompt');
      const { initialMessages, steps } = trajectory;
      for (let index = 0; index < initialMessages.length; index += 1) environmentText(initialMessages[index]!.content, 'initialMessages.', index, '.content');
      for (let index = 0; index < steps.length; index += 1) {
        const step = steps[index]!;
        findDenied(step.rawOutput, leaks, 'steps.', index, '.rawOutput');
        environmentText(step.observation, 'steps.', index, '.observation');
        step.toolCalls?.forEach((call, position) => {
          findDenied(call.arguments, leaks, 'steps.', index, `.toolCalls.${position}.arguments`);
          if (call.output !== undefined) environmentText(call.output, 'steps.', index, `.toolCalls.${position}.output`);
        });
      }
      if (trajectory.submission !== null) {
        findDenied(trajectory.submission.type === 'diff' ? trajectory.submission.diff : trajectory.submission.text, leaks, 'submission');
      }
      return leaks;
    },
  };
}
