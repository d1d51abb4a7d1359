import type { ModelV1 } from '@swespot/core';
import type { HoleCandidate } from './find-hole-candidates';

/** Where a hole's description of functionality came from. */
export type InstructionSource = 'docstring' | 'model' | 'template';

/** A hole to describe: the candidate, its number in the task and the placeholder line the agent sees. */
export interface HoleToDescribe {
  readonly candidate: HoleCandidate;
  readonly number: number;
  readonly placeholder: string;
  /** Line of the placeholder in the holed file, 1-based. */
  readonly placeholderLine: number;
}

/** Options of {@link describeHoles}. */
export interface DescribeHolesOptions {
  /** Writes a description when a definition has no docstring. Default: none (a fixed template). */
  readonly model?: ModelV1;
  /** Most output tokens of a model description. Default: 400. */
  readonly maxOutputTokens?: number;
  readonly abortSignal?: AbortSignal;
}

/** The instruction shown to the agent and where each hole's description came from. */
export interface HoleInstruction {
  readonly instruction: string;
  readonly sources: readonly InstructionSource[];
}

/**
 * Strips a docstring's quotes or a doc comment's markers and the common indentation:
 * `"""Return x.\n\n    More."""` → `Return x.\n\nMore.`.
 */
export function cleanDocstring(docstring: string): string {
  let text = docstring.trim();
  const python = /^[rRuUbBfF]{0,2}("""|'''|"|')([\s\S]*)\1$/.exec(text);
  if (python !== null) text = python[2]!;
  else if (text.startsWith('/*')) {
    text = text
      .replace(/^\/\*\*?/, '')
      .replace(/\*\/$/, '')
      .split('\n')
      .map((line) => line.replace(/^\s*\* ?/, ''))
      .join('\n');
  } else if (text.startsWith('//')) {
    text = text
      .split('\n')
      .map((line) => line.replace(/^\s*\/\/\/? ?/, ''))
      .join('\n');
  }
  const lines = text.split('\n');
  const indents = lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => /^[ \t]*/.exec(line)![0].length);
  const indent = indents.length === 0 ? 0 : Math.min(...indents);
  return [lines[0]!.trim(), ...lines.slice(1).map((line) => line.slice(indent).trimEnd())].join('\n').trim();
}

const KIND_WORDS = { function: 'function', method: 'method', class: 'class' } as const;

function whatItIs(candidate: HoleCandidate): string {
  const dot = candidate.symbol.lastIndexOf('.');
  if (candidate.granularity === 'method' && dot > 0) {
    return `the method \`${candidate.symbol.slice(dot + 1)}\` of class \`${candidate.symbol.slice(0, dot)}\``;
  }
  return `the ${KIND_WORDS[candidate.granularity]} \`${candidate.symbol}\``;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

function header(candidate: HoleCandidate): string {
  const signature = candidate.signature?.trim();
  if (signature === undefined || signature === '') return '';
  // A class header tells only its bases; a function header its parameters.
  return `\n\nSignature:\n\`\`\`\n${signature}\n\`\`\``;
}

function place(hole: HoleToDescribe): string {
  const { candidate } = hole;
  if (candidate.part === 'body') {
    return `Where: the body was removed; the signature${candidate.docstring === undefined ? '' : ' and the docstring'} are still in \`${candidate.path}\`. The line \`${hole.placeholder}\` (line ${hole.placeholderLine}) stands in for the body: replace that line with the implementation.`;
  }
  return `Where: the whole definition was removed from \`${candidate.path}\`. The line \`${hole.placeholder}\` (line ${hole.placeholderLine}) marks where it goes: replace that line with the complete definition${candidate.granularity === 'class' ? '' : ', signature included'}.`;
}

async function describeFunctionality(
  candidate: HoleCandidate,
  options: DescribeHolesOptions,
): Promise<{ text: string; source: InstructionSource }> {
  if (candidate.docstring !== undefined) {
    const cleaned = cleanDocstring(candidate.docstring);
    if (cleaned !== '') return { text: `What it does (from its documentation):\n${quote(cleaned)}`, source: 'docstring' };
  }
  if (options.model !== undefined) {
    const result = await options.model.generate({
      messages: [
        { role: 'system', content: 'You write precise specifications of code for programmers who must implement it without seeing it.' },
        {
          role: 'user',
          content: `Here is ${whatItIs(candidate)} from \`${candidate.path}\`:\n\n\`\`\`${candidate.language}\n${candidate.removedCode}\n\`\`\`\n\nDescribe in 2 to 5 sentences what it does: what it takes, what it returns or changes, and how it handles errors and special cases, so that a programmer could implement it from your description. Do not quote the code, and do not name the functions, classes or modules from other files that it uses: the programmer must find them in the repository. Answer with the description only.`,
        },
      ],
      temperature: 0,
      maxOutputTokens: options.maxOutputTokens ?? 400,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    const text = result.text.trim();
    if (text !== '') return { text: `What it does:\n${quote(text)}`, source: 'model' };
  }
  const name = candidate.symbol.slice(candidate.symbol.lastIndexOf('.') + 1);
  const owner = candidate.symbol.includes('.') ? candidate.symbol.slice(0, candidate.symbol.lastIndexOf('.')) : undefined;
  if (owner !== undefined && (name === '__init__' || name === 'constructor')) {
    return {
      text: `What it does: it has no documentation. It initialises a new \`${owner}\`: find out from the rest of the class and from the code that creates and uses its instances which attributes it must set up and how it treats its arguments.`,
      source: 'template',
    };
  }
  return {
    text: `What it does: it has no documentation. Work out its behaviour from its name, \`${name}\`, from the code around the hole and from the places in the repository that use it.`,
    source: 'template',
  };
}

/**
 * Writes the instruction of a FIM task: per hole, what to implement (the docstring when the
 * definition has one; else a model's description when `model` is set; else a fixed
 * template), its signature, and the file, line and placeholder that mark where it goes. It
 * never names the definitions from other files the code uses: the agent must find them.
 */
export async function describeHoles(holes: readonly HoleToDescribe[], options: DescribeHolesOptions = {}): Promise<HoleInstruction> {
  const sections: string[] = [];
  const sources: InstructionSource[] = [];
  for (const hole of holes) {
    const { text, source } = await describeFunctionality(hole.candidate, options);
    sources.push(source);
    const title = holes.length > 1 ? `Hole ${hole.number}: implement ${whatItIs(hole.candidate)}` : `Implement ${whatItIs(hole.candidate)}`;
    sections.push(`${title} in \`${hole.candidate.path}\`.${header(hole.candidate)}\n\n${text}\n\n${place(hole)}`);
  }
  const closing =
    'Make the implementation fit this repository: use the helpers, types, error classes and conventions it already has instead of writing your own, and keep the rest of the file unchanged.';
  return { instruction: `${sections.join('\n\n')}\n\n${closing}`, sources };
}
