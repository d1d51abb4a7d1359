#!/usr/bin/env node
import { runCli } from './run-cli';

const abortController = new AbortController();
process.once('SIGINT', () => abortController.abort());

process.exitCode = await runCli(process.argv.slice(2), { abortSignal: abortController.signal });
