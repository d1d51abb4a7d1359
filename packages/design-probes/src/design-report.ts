import { parseWithSchema, ValidationError } from '@swespot/core';
import { z } from 'zod';

/** One interaction of the analysed component with another part of the repository. */
export const designInteractionSchema = z
  .strictObject({
    path: z.string().min(1).describe('File or folder of the other part, relative to the repository root.'),
    symbol: z.string().min(1).optional().describe('Class, function or method of the other part, e.g. Context.invoke.'),
    direction: z.enum(['uses', 'used-by']).describe('uses: the component uses the other part; used-by: the other part uses the component.'),
    description: z.string().describe('What passes between them and why.'),
  })
  .describe('An interaction with another part of the system.');

/** One claimed interaction. */
export type DesignInteraction = z.infer<typeof designInteractionSchema>;

/**
 * The structured design report a probe asks for (SWE-Spot's Software Design unit): the
 * component's functionality, its design rationale, and its interactions with the rest of the
 * system, each naming a path and, where it applies, a symbol.
 */
export const designReportSchema = z
  .strictObject({
    functionality: z.string().min(1, 'Write what the component does').describe('What the component does and is responsible for.'),
    designRationale: z.string().min(1, 'Write why it is built this way').describe('Why it is built this way: abstractions, patterns, trade-offs.'),
    interactions: z.array(designInteractionSchema).min(1, 'List at least one interaction with another part of the repository').describe('Interactions with other parts of the repository.'),
  })
  .describe('A software design report.');

/** A structured design report. See {@link designReportSchema}. */
export type DesignReport = z.infer<typeof designReportSchema>;

/** The Markdown sections a report has, as the probe's prompt asks for them. */
export const DESIGN_REPORT_SECTIONS = { functionality: 'Functionality', designRationale: 'Design rationale', interactions: 'Interactions' } as const;

/** The format instructions every probe's prompt ends with. */
export const DESIGN_REPORT_FORMAT = `Write the report in Markdown with exactly these three sections:

## ${DESIGN_REPORT_SECTIONS.functionality}
What it does and what it is responsible for, in your own words.

## ${DESIGN_REPORT_SECTIONS.designRationale}
Why it is built this way: the abstractions and patterns it relies on, the trade-offs it makes and the alternatives it avoids.

## ${DESIGN_REPORT_SECTIONS.interactions}
One bullet per interaction with another part of the repository, naming the file (and the class or function when there is one) in backticks, and whether it uses that part or is used by it:
- \`path/to/file.py\` \`SomeClass.method\` (uses): what passes between them and why.
- \`path/to/other.py\` \`helper\` (used by): what passes between them and why.

Name only files, folders and symbols that exist in the repository, as they are written there: every path, symbol and interaction in the report is checked against the code.`;

const HEADING = /^#{1,4}\s+(.+?)\s*#*\s*$/;
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/;
const CODE_SPAN = /`([^`\n]+)`/g;

function sectionKey(title: string): keyof typeof DESIGN_REPORT_SECTIONS | undefined {
  const normalised = title.toLowerCase().replace(/[^a-z ]/g, '').trim();
  if (normalised.startsWith('functionality')) return 'functionality';
  if (normalised.startsWith('design rationale') || normalised === 'rationale') return 'designRationale';
  if (normalised.startsWith('interactions')) return 'interactions';
  return undefined;
}

const BULLET_HEAD = /^`([^`\n]+)`(?:\s*`([^`\n]+)`)?\s*(?:\(\s*(uses|used[ -]by)\s*\))?\s*[:\u2013\u2014-]?\s*([\s\S]*)$/i;

/** Reads one interaction bullet: `` `path` `Symbol` (uses|used by): description ``. */
export function parseInteractionBullet(text: string): DesignInteraction | undefined {
  const head = BULLET_HEAD.exec(text.trim());
  if (head === null) {
    // Free form: the first code span is the path; "used by" anywhere sets the direction.
    const path = /`([^`\n]+)`/.exec(text)?.[1]?.trim();
    if (path === undefined) return undefined;
    return { path, direction: /\bused by\b/i.test(text) ? 'used-by' : 'uses', description: text.trim() };
  }
  const [, path, symbol, direction, description] = head;
  const usedBy = direction === undefined ? /\bused by\b/i.test(description ?? '') : /used/i.test(direction) && !/^uses$/i.test(direction);
  return { path: path!.trim(), ...(symbol === undefined ? {} : { symbol: symbol.trim() }), direction: usedBy ? 'used-by' : 'uses', description: (description ?? '').trim() };
}

/**
 * Reads a design report: the Markdown the probe asks for (`## Functionality`,
 * `## Design rationale`, `## Interactions` with one bullet per interaction), or the same
 * report as JSON. Validated with {@link designReportSchema}.
 *
 * @throws {ValidationError} listing every missing or malformed part as `path: message`.
 */
export function parseDesignReport(text: string, location: { readonly file?: string } = {}): DesignReport {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new ValidationError({ message: `${location.file ?? 'report'}: not valid JSON: ${(error as Error).message}`, issues: [{ path: '', message: (error as Error).message }], cause: error });
    }
    return parseWithSchema(designReportSchema, value, { ...location, schema: 'DesignReport' });
  }
  const sections: Partial<Record<keyof typeof DESIGN_REPORT_SECTIONS, string[]>> = {};
  let current: keyof typeof DESIGN_REPORT_SECTIONS | undefined;
  for (const line of text.split('\n')) {
    const heading = HEADING.exec(line);
    if (heading !== null) {
      current = sectionKey(heading[1]!);
      if (current !== undefined) sections[current] = [];
      continue;
    }
    if (current !== undefined) sections[current]!.push(line);
  }
  const interactions: DesignInteraction[] = [];
  let bullet: string | undefined;
  const flush = () => {
    if (bullet === undefined) return;
    const interaction = parseInteractionBullet(bullet);
    if (interaction !== undefined) interactions.push(interaction);
    bullet = undefined;
  };
  for (const line of sections.interactions ?? []) {
    const match = BULLET.exec(line);
    if (match !== null) {
      flush();
      bullet = match[1]!;
    } else if (bullet !== undefined && line.trim() !== '') bullet += ` ${line.trim()}`;
    else flush();
  }
  flush();
  return parseWithSchema(
    designReportSchema,
    {
      functionality: (sections.functionality ?? []).join('\n').trim(),
      designRationale: (sections.designRationale ?? []).join('\n').trim(),
      interactions,
    },
    { ...location, schema: 'DesignReport' },
  );
}
