import { describe, expect, it } from 'vitest';
import { exampleFeatureTask } from './__fixtures__/example-records';
import { issuePathsOf } from './__fixtures__/issues-of';
import { featureTaskSchema } from './feature-task';

describe('featureTaskSchema', () => {
  it('accepts a FEA-Bench feature task', () => {
    expect(featureTaskSchema.parse(exampleFeatureTask())).toStrictEqual(exampleFeatureTask());
  });

  it('rejects a new component whose lines end before they start', () => {
    const task = exampleFeatureTask();
    const file = task.newComponents[0];
    const component = file?.components[0];
    if (file === undefined || component === undefined) throw new Error('fixture changed');
    const broken = { ...task, newComponents: [{ ...file, components: [{ ...component, lines: [343, 140] }] }] };
    expect(issuePathsOf(featureTaskSchema, broken)).toEqual(['newComponents.0.components.0.lines.1']);
  });

  it('requires newComponents', () => {
    const { newComponents: _removed, ...rest } = exampleFeatureTask();
    expect(issuePathsOf(featureTaskSchema, rest)).toEqual(['newComponents']);
  });
});
