import { defineSwespotConfig } from '../../tools/tsup/base';

export default defineSwespotConfig({
  index: 'src/index.ts',
  'kubernetes/index': 'src/kubernetes/index.ts',
});
