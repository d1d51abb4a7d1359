import { buildPythonBaseImage } from '../../images/build-base-image';

let pythonImage: Promise<string> | undefined;

/**
 * The Python base image the Docker tests run in. Built once per machine with debootstrap
 * (a minute or two) and found by its content-hash tag afterwards; parallel test files wait
 * on one build through the builder's machine-wide lock.
 */
export function testPythonImage(): Promise<string> {
  pythonImage ??= buildPythonBaseImage({});
  return pythonImage;
}
