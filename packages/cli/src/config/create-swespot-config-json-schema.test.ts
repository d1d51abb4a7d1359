import { describe, expect, it } from 'vitest';
import { createSwespotConfigJsonSchema } from './create-swespot-config-json-schema';

describe('createSwespotConfigJsonSchema', () => {
  it('matches the JSON Schema shipped as swespot.config.schema.json', async () => {
    const schema = createSwespotConfigJsonSchema();
    await expect(`${JSON.stringify(schema, null, 2)}\n`).toMatchFileSnapshot('../../swespot.config.schema.json');
  });

  it('describes every property and forbids unknown keys', () => {
    const schema = createSwespotConfigJsonSchema() as {
      properties: Record<string, { description?: string }>;
      required: string[];
      additionalProperties: boolean;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['repo', 'cutoff', 'teacher', 'student']);
    for (const [key, property] of Object.entries(schema.properties)) {
      expect(property.description, key).toBeTruthy();
    }
  });
});
