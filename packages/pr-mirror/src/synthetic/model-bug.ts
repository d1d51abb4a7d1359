import type { ModelV1, ModelV1Message, Random } from '@swespot/core';
import { applyEdits } from './apply-edits';
import { findDefinition } from './find-definition';
import type { BugTarget } from './select-targets';
import type { SyntheticBug } from './synthetic-bug';
import { fieldChild, namedChildren, parseSource, type ParsedSource, type TreeNode } from './syntax';

/** The model strategies: introduce a subtle bug (`llm-modify`) or re-implement from signature and docstring (`llm-rewrite`). */
export type ModelStrategy = 'llm-modify' | 'llm-rewrite';

/** Why a model attempt made no bug; each is counted in the yield statistics. */
export type ModelRefusal = 'not-a-function' | 'no-definition' | 'model-error' | 'no-code-block' | 'does-not-parse' | 'unchanged';

/** SWE-smith's nine bug archetypes (LM Modify), three drawn per call. */
export const BUG_ARCHETYPES: readonly string[] = [
  'wrong order of calculations',
  'a subtle change in how data is transformed',
  'a variable assigned the wrong value',
  'an edge case handled wrongly',
  'a changed condition or loop bound',
  'an off-by-one error',
  'a changed default value or constant',
  'operations done in a different order',
  'an exception silently swallowed',
];

const MODIFY_TIPS: readonly string[] = [
  'The code must still parse and run: no syntax errors, no undefined names.',
  'Keep the bug subtle: it should look like ordinary code.',
  'Keep the signature and the docstring as they are.',
  'A long function may get more than one bug.',
  'Do not add comments that point out or explain the bug.',
  'Change only this function; answer with all of it.',
  'The bug must make at least one existing unit test fail.',
];

const STUB_MARKER = 'TODO: Implement this function';

function fenceOf(language: ParsedSource['language']): string {
  return language === 'python' ? 'python' : language === 'javascript' ? 'javascript' : 'typescript';
}

/** The node to replace: a decorated Python definition or an exported declaration includes its wrapper only when the reply repeats it. */
function replacedNode(definition: TreeNode): TreeNode {
  const parent = definition.parent;
  return parent !== undefined && parent.type === 'decorated_definition' ? parent : definition;
}

function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(prefix) ? prefix : (/^[ \t]*/.exec(prefix)?.[0] ?? '');
}

/** `code` as the text of a definition starting at a line indented by `indentation`: the first line bare, the others indented. */
function reindent(code: string, indentation: string): string {
  const lines = code.replace(/\s+$/, '').split('\n');
  const widths = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = widths.length === 0 ? 0 : Math.min(...widths);
  return lines.map((line, index) => (line.trim() === '' ? '' : `${index === 0 ? '' : indentation}${line.slice(common)}`)).join('\n');
}

/** The definition's text with its first line's indentation taken off the others, for the prompt. */
function dedentDefinition(text: string, indentation: string): string {
  return text
    .split('\n')
    .map((line, index) => (index > 0 && line.startsWith(indentation) ? line.slice(indentation.length) : line))
    .join('\n');
}

/** The first fenced code block of a reply, and the text before it (the explanation). */
export function extractCodeBlock(reply: string): { code: string; explanation: string } | undefined {
  const match = /```[^\n`]*\n([\s\S]*?)```/.exec(reply);
  if (match === null) return undefined;
  return { code: match[1]!, explanation: reply.slice(0, match.index).replace(/^\s*Explanation:\s*/i, '').trim() };
}

/** The definition with its body replaced by a stub (docstring kept): what LM Rewrite shows the model. */
export function stubDefinition(source: ParsedSource, definition: TreeNode): string | undefined {
  const body = fieldChild(definition, 'body');
  if (body === undefined) return undefined;
  const outer = replacedNode(definition);
  const header = source.text.slice(outer.start, body.start);
  if (source.language === 'python') {
    const indentation = indentationAt(source.text, body.start);
    if (body.startRow === definition.startRow) return undefined;
    const first = namedChildren(body)[0];
    const docstring = first !== undefined && first.type === 'expression_statement' && namedChildren(first).length === 1 && namedChildren(first)[0]!.type === 'string' ? source.text.slice(first.start, first.end) : undefined;
    return `${header}${docstring === undefined ? '' : `${docstring}\n${indentation}`}raise NotImplementedError("${STUB_MARKER}")`;
  }
  if (body.type !== 'statement_block') return undefined;
  const indentation = indentationAt(source.text, outer.start);
  return `${header}{\n${indentation}  throw new Error("${STUB_MARKER}");\n${indentation}}`;
}

/** The messages of one LM Modify call (SWE-smith's prompt restated: three archetypes, the tips shuffled). */
export function modifyMessages(path: string, language: ParsedSource['language'], code: string, random: Random): ModelV1Message[] {
  const archetypes = random.sample(BUG_ARCHETYPES, 3);
  const tips = random.shuffle(MODIFY_TIPS);
  const fence = fenceOf(language);
  return [
    {
      role: 'system',
      content: [
        'You help test a software project\'s unit tests by chaos-monkey testing: you are given one function of the project and rewrite it so that it has a subtle logical bug that makes some existing unit tests fail.',
        `Bugs to consider: ${archetypes.join('; ')}.`,
        `Tips:\n${tips.map((tip) => `- ${tip}`).join('\n')}`,
        `Answer in this format:\nExplanation: <one or two sentences on the bug>\n\n\`\`\`${fence}\n<the whole function, with the bug>\n\`\`\``,
      ].join('\n\n'),
    },
    { role: 'user', content: `File: ${path}\n\n\`\`\`${fence}\n${code}\n\`\`\`\n\nReturn the whole function with the bug. Do not include comments that point out the bug.` },
  ];
}

/** The messages of one LM Rewrite call: the whole file with the function stubbed. */
export function rewriteMessages(path: string, language: ParsedSource['language'], name: string, stubFile: string): ModelV1Message[] {
  const fence = fenceOf(language);
  return [
    { role: 'system', content: 'You are a software engineer implementing a function in an existing code base.' },
    {
      role: 'user',
      content: `Below is the file ${path}. The function \`${name}\` has no implementation (it fails with "${STUB_MARKER}"). Implement it from its signature, its docstring and the rest of the file, without changing its signature or any other code and without adding dependencies. Answer with the whole function, signature included, in one fenced code block.\n\n\`\`\`${fence}\n${stubFile}\n\`\`\``,
    },
  ];
}

/** Options of {@link makeModelBug}. */
export interface MakeModelBugOptions {
  readonly strategy: ModelStrategy;
  readonly target: BugTarget;
  readonly source: ParsedSource;
  readonly model: ModelV1;
  readonly random: Random;
  /** Default: 1 for llm-modify (SWE-smith), 0 for llm-rewrite. */
  readonly temperature?: number;
  readonly maxOutputTokens?: number;
  readonly abortSignal?: AbortSignal;
}

/** A model-made bug, or why none was made (with the model's error message for `model-error`). */
export type ModelBugResult = { readonly bug: SyntheticBug } | { readonly refusal: ModelRefusal; readonly detail?: string };

/**
 * One model strategy on one function or method through `ModelV1`: `llm-modify` shows the
 * function and asks for it back with a subtle bug; `llm-rewrite` shows the whole file with the
 * function's body stubbed (signature and docstring kept) and asks for an implementation. The
 * reply's first fenced block replaces the definition (re-indented); the file must then parse
 * without ERROR nodes and differ from the original beyond whitespace, else the attempt is
 * dropped with the reason.
 */
export async function makeModelBug(options: MakeModelBugOptions): Promise<ModelBugResult> {
  const { target, source, strategy } = options;
  if (target.kind !== 'function') return { refusal: 'not-a-function' };
  const definition = findDefinition(source, target.entity.lineRange, 'function');
  if (definition === undefined) return { refusal: 'no-definition' };
  const outer = replacedNode(definition);
  const indentation = indentationAt(source.text, outer.start);
  let messages: ModelV1Message[];
  if (strategy === 'llm-modify') {
    messages = modifyMessages(target.path, source.language, dedentDefinition(source.text.slice(outer.start, outer.end), indentation), options.random);
  } else {
    const stub = stubDefinition(source, definition);
    if (stub === undefined) return { refusal: 'no-definition' };
    messages = rewriteMessages(target.path, source.language, target.entity.name, applyEdits(source.text, [{ start: outer.start, end: outer.end, replacement: stub }]));
  }
  let reply: string;
  try {
    const result = await options.model.generate({
      messages,
      temperature: options.temperature ?? (strategy === 'llm-modify' ? 1 : 0),
      seed: options.random.integer(0, 2_147_483_647),
      ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    reply = result.text;
  } catch (error) {
    options.abortSignal?.throwIfAborted();
    return { refusal: 'model-error', detail: (error as Error).message };
  }
  const block = extractCodeBlock(reply);
  if (block === undefined || block.code.trim() === '') return { refusal: 'no-code-block' };
  let code = block.code;
  // An exported declaration keeps its `export` outside the node; a Python reply without decorators replaces the bare definition.
  if (outer.parent?.type === 'export_statement') code = code.replace(/^\s*export\s+(default\s+)?/, '');
  const replaced = outer.type === 'decorated_definition' && !code.trimStart().startsWith('@') ? definition : outer;
  const replacement = reindent(code, indentation);
  const mutated = applyEdits(source.text, [{ start: replaced.start, end: replaced.end, replacement }]);
  if ((await parseSource(source.language, mutated)).hasError) return { refusal: 'does-not-parse' };
  if (mutated.replace(/\s+/g, ' ') === source.text.replace(/\s+/g, ' ') || mutated.includes(STUB_MARKER)) return { refusal: 'unchanged' };
  return {
    bug: {
      strategy,
      originStrategy: strategy,
      parts: [{ path: target.path, entity: target.id, mutation: strategy, description: strategy === 'llm-modify' ? 'the model put a bug into the function' : 'the model re-implemented the function', edits: [{ start: replaced.start, end: replaced.end, replacement }] }],
      testFiles: target.testFiles,
      testReasons: target.testReasons,
      ...(block.explanation === '' ? {} : { explanation: block.explanation }),
    },
  };
}
