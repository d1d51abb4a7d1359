import { defineSwespotConfig } from '../../tools/tsup/base';

export default defineSwespotConfig({
  'index': 'src/index.ts',
  'test/index': 'src/test/index.ts',
});
