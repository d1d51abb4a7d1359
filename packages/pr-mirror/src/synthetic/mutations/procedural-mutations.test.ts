import { describe, expect, it } from 'vitest';
import { applyEdits } from '../apply-edits';
import { definitionKind } from '../find-definition';
import { parseSource, walk, type SyntheticLanguage } from '../syntax';
import { PROCEDURAL_MUTATIONS } from './index';
import type { ProceduralMutation } from './procedural-mutation';

/** The mutated texts of every site of `mutation` in the first definition of `kind` in `text`; each must parse. */
async function mutate(mutation: ProceduralMutation, language: SyntheticLanguage, text: string): Promise<string[]> {
  const source = await parseSource(language, text);
  expect(source.hasError, 'the sample parses').toBe(false);
  const scope = [...walk(source.root)].find((node) => definitionKind(node) === mutation.target);
  expect(scope, 'the sample has a definition').toBeDefined();
  const outputs: string[] = [];
  for (const site of mutation.sites(source, scope!)) {
    const output = applyEdits(text, site.edits);
    expect(output).not.toBe(text);
    expect((await parseSource(language, output)).hasError, `${mutation.name} (${site.description}) parses:\n${output}`).toBe(false);
    outputs.push(output);
  }
  return outputs;
}

const byName = new Map(PROCEDURAL_MUTATIONS.map((mutation) => [mutation.name, mutation]));

interface Case {
  readonly language: SyntheticLanguage;
  /** Applies here; `expected` is among the outputs. */
  readonly applies: string;
  readonly expected: string;
  /** Nothing to apply to here. */
  readonly refuses: string;
}

const cases: Record<string, readonly Case[]> = {
  'invert-if': [
    {
      language: 'python',
      applies: 'def f(x):\n    if x > 0:\n        y = 1\n    else:\n        y = 2\n    return y\n',
      expected: 'def f(x):\n    if x > 0:\n        y = 2\n    else:\n        y = 1\n    return y\n',
      refuses: 'def f(x):\n    if x > 0:\n        y = 1\n    elif x < 0:\n        y = 2\n    return y\n',
    },
    {
      language: 'typescript',
      applies: 'function f(x: number): number {\n  if (x > 0) {\n    return 1;\n  } else {\n    return 2;\n  }\n}\n',
      expected: 'function f(x: number): number {\n  if (x > 0) {\n    return 2;\n  } else {\n    return 1;\n  }\n}\n',
      refuses: 'function f(x: number): number {\n  if (x > 0) {\n    return 1;\n  } else if (x < 0) {\n    return 2;\n  }\n  return 0;\n}\n',
    },
  ],
  'remove-condition': [
    {
      language: 'python',
      applies: 'def f(x):\n    if x < 0:\n        x = -x\n    return x\n',
      expected: 'def f(x):\n    return x\n',
      refuses: 'def f(x):\n    return abs(x)\n',
    },
    {
      language: 'typescript',
      applies: 'function f(x: number) {\n  if (x < 0) {\n    x = -x;\n  }\n  return x;\n}\n',
      expected: 'function f(x: number) {\n  return x;\n}\n',
      refuses: 'function f(x: number) {\n  return x < 0 ? -x : x;\n}\n',
    },
  ],
  'remove-loop': [
    {
      language: 'python',
      applies: 'def total(items):\n    s = 0\n    for item in items:\n        s += item\n    return s\n',
      expected: 'def total(items):\n    s = 0\n    return s\n',
      refuses: 'def total(items):\n    return sum(items)\n',
    },
    {
      language: 'typescript',
      applies: 'function total(items: number[]) {\n  let s = 0;\n  for (const item of items) {\n    s += item;\n  }\n  return s;\n}\n',
      expected: 'function total(items: number[]) {\n  let s = 0;\n  return s;\n}\n',
      refuses: 'function total(items: number[]) {\n  return items.reduce((a, b) => a + b, 0);\n}\n',
    },
  ],
  'remove-assignment': [
    {
      language: 'python',
      applies: 'def f(x):\n    y = x * 2\n    y += 1\n    return y\n',
      expected: 'def f(x):\n    y = x * 2\n    return y\n',
      // The only statement of its block: removing it would leave an empty block.
      refuses: 'def f(x):\n    if x:\n        x = 1\n    return 0\n',
    },
    {
      language: 'typescript',
      applies: 'function f(x: number) {\n  let y = x * 2;\n  y += 1;\n  return y;\n}\n',
      expected: 'function f(x: number) {\n  let y = x * 2;\n  return y;\n}\n',
      refuses: 'function f(x: number) {\n  const y = x * 2;\n  return y;\n}\n',
    },
  ],
  'remove-wrapper': [
    {
      language: 'python',
      applies: 'def read(path):\n    try:\n        value = load(path)\n        return value\n    except OSError:\n        return None\n',
      expected: 'def read(path):\n    value = load(path)\n    return value\n',
      refuses: 'def read(path):\n    return load(path)\n',
    },
    {
      language: 'typescript',
      applies: 'function read(path: string) {\n  try {\n    return load(path);\n  } catch (error) {\n    return undefined;\n  }\n}\n',
      expected: 'function read(path: string) {\n  {\n    return load(path);\n  }\n}\n',
      refuses: 'function read(path: string) {\n  return load(path);\n}\n',
    },
  ],
  'change-operator': [
    {
      language: 'python',
      applies: 'def f(a, b):\n    return a < b\n',
      expected: 'def f(a, b):\n    return a <= b\n',
      refuses: 'def f(a, b):\n    return g(a, b)\n',
    },
    {
      language: 'typescript',
      applies: 'function f(a: number, b: number) {\n  return a + b;\n}\n',
      expected: 'function f(a: number, b: number) {\n  return a - b;\n}\n',
      refuses: 'function f(a: number, b: number) {\n  return Math.max(a, b);\n}\n',
    },
  ],
  'swap-operands': [
    {
      language: 'python',
      applies: 'def f(a, b):\n    return a - b\n',
      expected: 'def f(a, b):\n    return b - a\n',
      // `==` and `*` commute: swapping changes nothing.
      refuses: 'def f(a, b):\n    return a * b == b\n',
    },
    {
      language: 'typescript',
      applies: 'function f(a: number, b: number) {\n  return a / b;\n}\n',
      expected: 'function f(a: number, b: number) {\n  return b / a;\n}\n',
      refuses: 'function f(a: number, b: number) {\n  return a * b === b;\n}\n',
    },
  ],
  'change-constant': [
    {
      language: 'python',
      applies: 'def last(items):\n    return items[len(items) - 1]\n',
      expected: 'def last(items):\n    return items[len(items) - 2]\n',
      refuses: 'def last(items, n=1):\n    return items[-n]\n',
    },
    {
      language: 'typescript',
      applies: 'function last(items: number[]) {\n  return items[items.length - 1];\n}\n',
      expected: 'function last(items: number[]) {\n  return items[items.length - 0];\n}\n',
      refuses: 'function last(items: number[]) {\n  return items.at(-n);\n}\n',
    },
  ],
  'break-chain': [
    {
      language: 'python',
      applies: 'def f(a, b, c):\n    return a + b + c\n',
      expected: 'def f(a, b, c):\n    return a + c\n',
      refuses: 'def f(a, b):\n    return a + b\n',
    },
    {
      language: 'typescript',
      applies: 'function f(a: boolean, b: boolean, c: boolean) {\n  return a && b && c;\n}\n',
      expected: 'function f(a: boolean, b: boolean, c: boolean) {\n  return b && c;\n}\n',
      refuses: 'function f(a: boolean, b: boolean) {\n  return a && b;\n}\n',
    },
  ],
  'shuffle-statements': [
    {
      language: 'python',
      applies: 'def f(x):\n    """Doc."""\n    x = x * 2\n    x = x + 1\n    return x\n',
      expected: 'def f(x):\n    """Doc."""\n    x = x + 1\n    x = x * 2\n    return x\n',
      // A docstring and a return never move.
      refuses: 'def f(x):\n    """Doc."""\n    return x\n',
    },
    {
      language: 'typescript',
      applies: 'function f(x: number) {\n  x = x * 2;\n  x = x + 1;\n  return x;\n}\n',
      expected: 'function f(x: number) {\n  x = x + 1;\n  x = x * 2;\n  return x;\n}\n',
      refuses: 'function f(x: number) {\n  return x;\n}\n',
    },
  ],
  'remove-base': [
    {
      language: 'python',
      applies: 'class Strict(Base, Mixin):\n    pass\n',
      expected: 'class Strict(Mixin):\n    pass\n',
      refuses: 'class Plain(object):\n    pass\n',
    },
    {
      language: 'typescript',
      applies: 'class Strict extends Base implements Checked {\n  check() {\n    return true;\n  }\n}\n',
      expected: 'class Strict implements Checked {\n  check() {\n    return true;\n  }\n}\n',
      // Without a base, super(...) would no longer load.
      refuses: 'class Strict extends Base {\n  constructor() {\n    super();\n  }\n}\n',
    },
  ],
};

describe('procedural mutations', () => {
  it('has a test case for each of the 11 mutations, in Python and TypeScript', () => {
    expect(PROCEDURAL_MUTATIONS.map((mutation) => mutation.name).sort()).toEqual(Object.keys(cases).sort());
    for (const list of Object.values(cases)) expect(list.map((entry) => entry.language).sort()).toEqual(['python', 'typescript']);
  });

  for (const [name, list] of Object.entries(cases)) {
    for (const entry of list) {
      it(`${name} (${entry.language}): applies where it should, its output parses, and refuses where it cannot`, async () => {
        const mutation = byName.get(name)!;
        const outputs = await mutate(mutation, entry.language, entry.applies);
        expect(outputs).toContain(entry.expected);
        expect(await mutate(mutation, entry.language, entry.refuses)).toEqual([]);
      });
    }
  }

  it('works on JavaScript too: remove-base drops a bare extends, change-operator flips ===', async () => {
    expect(await mutate(byName.get('remove-base')!, 'javascript', 'class K extends L {\n  m() { return 1; }\n}\n')).toEqual(['class K {\n  m() { return 1; }\n}\n']);
    expect(await mutate(byName.get('change-operator')!, 'javascript', 'function eq(a, b) { return a === b; }\n')).toEqual(['function eq(a, b) { return a !== b; }\n']);
  });

  it('rejects a tree with an ERROR node: a broken edit is caught by parsing again', async () => {
    const text = 'def f(x):\n    return x + 1\n';
    const broken = applyEdits(text, [{ start: text.indexOf('+'), end: text.indexOf('+') + 1, replacement: '+ +' }]);
    expect((await parseSource('python', text)).hasError).toBe(false);
    expect((await parseSource('python', broken.replace('x + + 1', 'x + ) 1'))).hasError).toBe(true);
  });
});
