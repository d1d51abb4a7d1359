#!/usr/bin/env node
import { runCli } from './run-cli';

const abortController = new AbortController();
// The first Ctrl-C asks the running command to stop cleanly; a second one exits at once.
process.on('SIGINT', () => {
  if (abortController.signal.aborted) process.exit(130);
  abortController.abort();
});

process.exitCode = await runCli(process.argv.slice(2), { abortSignal: abortController.signal });
