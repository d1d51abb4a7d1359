import { describe, expect, it } from 'vitest';
import { environmentSpecSchema } from './environment-spec';
import { issuePathsOf } from './__fixtures__/issues-of';

describe('environmentSpecSchema', () => {
  it('accepts an image and fills in no install commands and /testbed', () => {
    expect(environmentSpecSchema.parse({ image: 'python:3.11-slim' })).toEqual({
      image: 'python:3.11-slim',
      installCommands: [],
      workingDirectory: '/testbed',
    });
  });

  it('accepts a Dockerfile reference alone', () => {
    expect(issuePathsOf(environmentSpecSchema, { dockerfile: 'environments/django/Dockerfile' })).toEqual([]);
  });

  it('rejects neither image nor Dockerfile, and a relative working directory', () => {
    expect(issuePathsOf(environmentSpecSchema, {})).toEqual(['image']);
    expect(issuePathsOf(environmentSpecSchema, { image: 'x', workingDirectory: 'testbed' })).toEqual(['workingDirectory']);
  });
});
