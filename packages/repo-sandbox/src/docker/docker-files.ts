import { posix } from 'node:path';
import { Writable } from 'node:stream';
import type { SandboxFileEntryV1 } from '@swespot/core';
import { SwespotError } from '@swespot/core';
import type Docker from 'dockerode';
import tarStream from 'tar-stream';
import { isDockerNotFound } from './docker-connection';

/** Packs one file into a tar archive (as a Buffer) under `name`. */
function packSingleFile(name: string, content: string | Uint8Array): Promise<Buffer> {
  const pack = tarStream.pack();
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pack.on('data', (chunk: Buffer) => chunks.push(chunk));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
    pack.entry({ name, mode: 0o644, mtime: new Date() }, body, (error) => {
      if (error) reject(error);
      else pack.finalize();
    });
  });
}

/** Runs a short command to completion and returns its exit code and output (for file helpers). */
export async function runQuiet(
  container: Docker.Container,
  command: string[],
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const collect = (target: Buffer[]) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        target.push(chunk);
        callback();
      },
    });
  container.modem.demuxStream(stream, collect(out), collect(err));
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const inspected = await exec.inspect();
  return { exitCode: inspected.ExitCode, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Writes a file into a container, creating its parent folders. */
export async function putFile(container: Docker.Container, absolutePath: string, content: string | Uint8Array): Promise<void> {
  const folder = posix.dirname(absolutePath);
  const made = await runQuiet(container, ['mkdir', '-p', folder]);
  if (made.exitCode !== 0) {
    throw new SwespotError({ message: `${absolutePath}: cannot create the folder ${folder} in the container (${made.stderr.trim()}).` });
  }
  const archive = await packSingleFile(posix.basename(absolutePath), content);
  await container.putArchive(archive, { path: folder });
}

/** Reads a file from a container through the archive API, following up to 8 symbolic links. */
export async function getFile(container: Docker.Container, absolutePath: string): Promise<Uint8Array> {
  let path = absolutePath;
  for (let hops = 0; hops < 8; hops++) {
    let archive: NodeJS.ReadableStream;
    try {
      archive = await container.getArchive({ path });
    } catch (error) {
      throw new SwespotError({
        message: `${absolutePath}: ${isDockerNotFound(error) ? 'no such file in the container' : `cannot read (${(error as Error).message})`}.`,
        cause: error,
      });
    }
    const entry = await readFirstEntry(archive);
    if (entry.type === 'symlink' && entry.linkname) {
      path = posix.resolve(posix.dirname(path), entry.linkname);
      continue;
    }
    if (entry.type !== 'file') throw new SwespotError({ message: `${absolutePath}: is a ${entry.type}, not a file.` });
    return entry.content;
  }
  throw new SwespotError({ message: `${absolutePath}: too many levels of symbolic links.` });
}

function readFirstEntry(archive: NodeJS.ReadableStream): Promise<{ type: string; linkname?: string; content: Uint8Array }> {
  const extract = tarStream.extract();
  return new Promise((resolve, reject) => {
    let found: { type: string; linkname?: string; content: Uint8Array } | undefined;
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!found) chunks.push(chunk);
      });
      stream.on('end', () => {
        found ??= { type: header.type ?? 'file', linkname: header.linkname ?? undefined, content: new Uint8Array(Buffer.concat(chunks)) };
        next();
      });
      stream.resume();
    });
    extract.on('finish', () => (found ? resolve(found) : reject(new SwespotError({ message: 'The container returned an empty archive.' }))));
    extract.on('error', reject);
    archive.pipe(extract);
  });
}

/** Lists a folder in a container with GNU find (present in Debian-based images). */
export async function listContainerFiles(
  container: Docker.Container,
  absolutePath: string,
  recursive: boolean,
): Promise<SandboxFileEntryV1[]> {
  const result = await runQuiet(container, [
    'find',
    absolutePath,
    '-mindepth',
    '1',
    ...(recursive ? [] : ['-maxdepth', '1']),
    '-printf',
    '%y\\t%s\\t%P\\0',
  ]);
  if (result.exitCode !== 0) {
    throw new SwespotError({ message: `${absolutePath}: cannot list (${result.stderr.trim() || `find exited ${result.exitCode}`}).` });
  }
  const types: Record<string, SandboxFileEntryV1['type']> = { f: 'file', d: 'directory', l: 'symlink' };
  return result.stdout
    .split('\0')
    .filter((record) => record !== '')
    .map((record) => {
      const [kind = '', size = '0', ...rest] = record.split('\t');
      const type = types[kind] ?? 'other';
      const path = rest.join('\t');
      return type === 'file' ? { path, type, size: Number(size) } : { path, type };
    })
    .sort((left, right) => (left.path < right.path ? -1 : left.path > right.path ? 1 : 0));
}
