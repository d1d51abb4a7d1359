import type Docker from 'dockerode';
import { SwespotError } from '@swespot/core';

/** One event of the engine's JSON progress stream (build, import, pull). */
interface ProgressEvent {
  readonly stream?: string;
  readonly status?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly message?: string };
  readonly aux?: { readonly ID?: string };
}

/**
 * Waits for a build or import progress stream to end; rejects when an event carries an
 * error (the engine reports build failures inside a 200 response). `onLog` gets each line.
 */
export function followDockerProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  { what, onLog }: { what: string; onLog?: (line: string) => void },
): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, events: ProgressEvent[]) => {
        if (error) return reject(new SwespotError({ message: `${what} failed: ${error.message}`, cause: error }));
        const failed = events.find((event) => event.error || event.errorDetail?.message);
        if (failed) {
          const log = events.map((event) => event.stream ?? '').join('').slice(-3000);
          return reject(new SwespotError({ message: `${what} failed: ${failed.error ?? failed.errorDetail?.message}\n${log}` }));
        }
        resolve(events);
      },
      (event: ProgressEvent) => {
        const line = (event.stream ?? event.status ?? '').trimEnd();
        if (line && onLog) onLog(line);
      },
    );
  });
}
