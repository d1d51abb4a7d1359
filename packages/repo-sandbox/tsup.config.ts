import { defineSwespotConfig } from '../../tools/tsup/base';

export default defineSwespotConfig({
  index: 'src/index.ts',
  'docker/index': 'src/docker/index.ts',
  'bubblewrap/index': 'src/bubblewrap/index.ts',
  'local/index': 'src/local/index.ts',
  'sample/index': 'src/sample/index.ts',
});
