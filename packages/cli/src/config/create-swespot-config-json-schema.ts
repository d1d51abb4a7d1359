import { z } from 'zod';
import { swespotConfigSchema } from './swespot-config-schema';

/**
 * The JSON Schema (draft 2020-12) of `swespot.config.json`, generated from
 * {@link swespotConfigSchema} with `z.toJSONSchema`. It describes what may be written
 * (fields with defaults are optional) and is shipped as
 * `@swespot/cli/swespot.config.schema.json` for editors (`"$schema"` in the config).
 */
export function createSwespotConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(swespotConfigSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, title: 'swespot.config.json' };
}
