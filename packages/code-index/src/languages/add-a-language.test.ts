import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { goLanguage } from '../__fixtures__/go-language/go-language';
import { indexRepository } from '../index-repository';
import { builtinLanguages } from './builtin-languages';

const goRepository = fileURLToPath(new URL('../__fixtures__/go-repository/', import.meta.url));

describe('a language added with only a grammar package and query files (Go)', () => {
  it('indexes identically with the native and the WASM backend', async () => {
    const native = await indexRepository({ source: goRepository, languages: [goLanguage], backend: 'native' });
    const wasm = await indexRepository({ source: goRepository, languages: [goLanguage], backend: 'wasm' });
    expect(native.index.files.map((file) => file.path)).toEqual(['cmd/area/main.go', 'shapes/shapes.go', 'shapes/shapes_test.go']);
    const comparable = (record: ReturnType<typeof native.index.toRecord>) => ({ ...record, backend: undefined, createdAt: undefined });
    expect(comparable(wasm.index.toRecord())).toEqual(comparable(native.index.toRecord()));
  });

  it('finds types, their fields and methods (declared outside the type through @owner), with doc comments and signatures', async () => {
    const { index } = await indexRepository({ source: goRepository, languages: [goLanguage] });
    const summary = index.entitiesIn('shapes/shapes.go').map((entity) => [entity.kind, entity.qualifiedName, entity.parent ?? null]);
    expect(summary).toEqual([
      ['module', '<module>', null],
      ['variable', 'Pi', null],
      ['variable', 'created', null],
      ['class', 'Shape', null],
      ['method', 'Shape.Area', 'Shape'],
      ['class', 'Rect', null],
      ['variable', 'Rect.W', 'Rect'],
      ['variable', 'Rect.H', 'Rect'],
      ['method', 'Rect.Area', 'Rect'],
      ['method', 'Rect.Scale', 'Rect'],
      ['function', 'NewRect', null],
      ['function', 'Describe', null],
    ]);
    const entity = (qualifiedName: string) => index.entity('shapes/shapes.go', qualifiedName);
    // A run of line comments is one docstring, and the entity's span starts with it.
    expect(entity('<module>')?.docstring).toBe('// Package shapes measures shapes.\n// It has rectangles.');
    expect(entity('Rect')).toMatchObject({ docstring: '// Rect is a rectangle.\n// Its sides are W and H.', lineRange: { start: 20, end: 24 } });
    expect(entity('Rect.Area')).toMatchObject({ signature: 'func (r *Rect) Area() float64', docstring: '// Area of the rectangle.', lineRange: { start: 26, end: 29 } });
    expect(entity('Rect.Scale')?.signature).toBe('func (r Rect) Scale(by float64) Rect');
    expect(entity('NewRect')?.docstring).toBeUndefined();
  });

  it('gives properties and complexity from the properties query', async () => {
    const { index } = await indexRepository({ source: goRepository, languages: [goLanguage] });
    const newRect = index.entity('shapes/shapes.go', 'NewRect');
    // 1 + if/else + else-if + for + two cases + &&.
    expect(newRect?.complexity).toBe(7);
    expect(newRect?.properties).toEqual([
      'has-assignment',
      'has-bool-op',
      'has-call',
      'has-comparison',
      'has-if',
      'has-if-else',
      'has-lambda',
      'has-loop',
      'has-return',
      'has-switch',
      'has-unary-op',
    ]);
    expect(index.entity('shapes/shapes.go', 'Rect.Area')).toMatchObject({ complexity: 1, properties: ['has-binary-op', 'has-return'] });
  });

  it('classifies references: same-file, builtin, through a named import, and not struct literal keys', async () => {
    const { index } = await indexRepository({ source: goRepository, languages: [goLanguage] });
    const statuses = new Map<string, string[]>();
    for (const reference of index.file('shapes/shapes.go')?.references ?? []) {
      statuses.set(reference.name, [...(statuses.get(reference.name) ?? []), reference.status]);
    }
    expect(statuses.get('Rect')?.every((status) => status === 'same-file')).toBe(true);
    expect(statuses.get('Pi')).toEqual(['same-file']);
    expect(statuses.get('float64')?.every((status) => status === 'builtin')).toBe(true);
    expect(statuses.get('m.Sqrt')).toEqual(['third-party']);
    // Locals and parameters are not references; neither are the keys of `Rect{W: ..., H: ...}`.
    for (const name of ['w', 'h', 'i', 'negate', 'r', 'by', 'W', 'H', 'v']) expect(statuses.has(name), name).toBe(false);
  });

  it('finds test files and test functions by the language definition, next to the built-in languages', async () => {
    const { index } = await indexRepository({ source: goRepository, languages: [...builtinLanguages, goLanguage] });
    expect(index.testFiles().map((file) => file.path)).toEqual(['shapes/shapes_test.go']);
    expect(index.file('shapes/shapes_test.go')?.tests.map((test) => test.qualifiedName)).toEqual(['TestArea', 'BenchmarkNewRect']);
    expect(index.counts().filesByLanguage).toEqual({ go: 3 });
  });
});
