import { stringify } from 'yaml';
import type { EmittedFile } from './emitted-file';
import type { TrainJob } from './train-job-schema';

/**
 * Emits `job.yaml`: the job with every default resolved, as a record of what was launched. It
 * loads back with `loadTrainJob({ file })` to the same job (the emitted files hold no secrets:
 * the job has no field for one).
 */
export function emitResolvedJob(job: TrainJob): EmittedFile {
  return {
    path: 'job.yaml',
    content: `# The resolved training job (every default filled in); swespot train --job job.yaml rebuilds it.\n${stringify(job, { lineWidth: 0 })}`,
    executable: false,
  };
}
