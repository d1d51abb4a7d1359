/**
 * `@swespot/train-launcher/test`: a stub Slurm (`sbatch` that runs job arrays and honours
 * `afterok` dependencies, `srun`) for testing emitted job scripts on a machine without Slurm.
 */
export { installSlurmStubs, type SlurmStubs, type SlurmStubCall } from './install-slurm-stubs';
