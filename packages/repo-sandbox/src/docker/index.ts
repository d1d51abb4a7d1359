/**
 * `@swespot/repo-sandbox/docker`: sandboxes in Docker containers (dockerode), the reaper of
 * orphaned sandbox containers, and environment images (Python and Node base images built
 * with debootstrap, repository images cached by content hash).
 */
export { createDockerSandbox, DOCKER_SANDBOX_CAPABILITIES, type DockerSandboxSettings } from './create-docker-sandbox';
export { type DockerConnectionSettings, type DockerSshSettings, type DockerTlsPaths } from './docker-connection';
export { checkKnownHost, knownHostName, type KnownHostVerdict } from './ssh-known-hosts';
export {
  reapDockerSandboxes,
  type ReapDockerSandboxesOptions,
  type ReapDockerSandboxesResult,
} from './reap-docker-sandboxes';
export { SESSION_LABEL, OWNER_HOST_LABEL, OWNER_PID_LABEL, OWNER_START_LABEL } from './docker-labels';
export {
  buildBaseImage,
  buildPythonBaseImage,
  buildNodeBaseImage,
  baseImageTag,
  IMAGE_SPEC_LABEL,
  type BuildBaseImageOptions,
} from '../images/build-base-image';
export { buildRepositoryImage, type BuildRepositoryImageOptions } from '../images/build-repository-image';
export {
  buildDockerfileImage,
  importRootFilesystem,
  type BuildDockerfileImageOptions,
  type ImportRootFilesystemOptions,
} from '../images/build-dockerfile-image';
export { hashFolder } from '../images/hash-folder';
