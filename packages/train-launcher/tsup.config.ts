import { defineSwespotConfig } from '../../tools/tsup/base';

export default defineSwespotConfig({
  index: 'src/index.ts',
  'kubernetes/index': 'src/kubernetes/index.ts',
  'test/index': 'src/test/index.ts',
});
