import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiCallError } from '@swespot/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { MinedPullRequest } from '../mining/mine-pull-requests';
import { enrichPullRequests } from './enrich-pull-requests';

const TOKEN = 'ghp_test_token_1234567890';
const pullRequest: MinedPullRequest = { number: 2, via: 'squash-subject', commit: 'b'.repeat(40), parent: 'a'.repeat(40), mergedAt: '2022-03-01T10:00:00.000Z', title: 'Raise on zero', message: 'Raise on zero (#2)', issues: [], files: [] };

let server: Server | undefined;
let folder: string | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** A fake GitHub REST API on 127.0.0.1: routes by path, the first call rate-limited. */
async function fakeGitHub(routes: Record<string, { status: number; body: unknown }>, rateLimitFirst: boolean) {
  const requests: { path: string; authorization: string | undefined }[] = [];
  server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', authorization: request.headers.authorization });
    if (rateLimitFirst && requests.length === 1) {
      response.writeHead(403, { 'content-type': 'application/json', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) }).end('{"message":"API rate limit exceeded"}');
      return;
    }
    const route = routes[request.url ?? ''] ?? { status: 404, body: { message: 'Not Found' } };
    response.writeHead(route.status, { 'content-type': 'application/json' }).end(JSON.stringify(route.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { apiUrl: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
}

describe('enrichPullRequests', () => {
  it('reads the PR body and the issues it closes (before the cutoff), waits out a rate limit, and caches every answer', async () => {
    const { apiUrl, requests } = await fakeGitHub(
      {
        '/repos/acme/calc/pulls/2': { status: 200, body: { number: 2, body: 'Division by zero now raises.\n\nFixes #10, see #12 and closes #11' } },
        '/repos/acme/calc/issues/10': { status: 200, body: { number: 10, title: 'divide(1, 0) crashes', body: 'ZeroDivisionError', created_at: '2022-02-01T00:00:00Z' } },
        '/repos/acme/calc/issues/11': { status: 200, body: { number: 11, title: 'later', body: 'opened after the cutoff', created_at: '2023-02-01T00:00:00Z' } },
      },
      true,
    );
    folder = await mkdtemp(join(tmpdir(), 'swespot-github-cache-'));
    const waits: number[] = [];
    const options = { pullRequests: [pullRequest], repo: 'acme/calc', token: TOKEN, cacheDirectory: folder, cutoff: '2022-12-31T00:00:00Z', apiUrl, onRateLimit: (wait: number) => waits.push(wait) };
    const [enriched] = await enrichPullRequests(options);
    expect(enriched!.body).toContain('Fixes #10');
    expect(enriched!.issues).toEqual([
      { number: 10, closing: true, keyword: 'fixes' },
      { number: 12, closing: false },
      { number: 11, closing: true, keyword: 'closes' },
    ]);
    expect(enriched!.issueTexts).toEqual([{ number: 10, title: 'divide(1, 0) crashes', body: 'ZeroDivisionError' }]);
    expect(waits).toHaveLength(1);
    expect(requests.map((request) => request.path)).toEqual(['/repos/acme/calc/pulls/2', '/repos/acme/calc/pulls/2', '/repos/acme/calc/issues/10', '/repos/acme/calc/issues/11']);
    expect(requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    // Second run: all from the cache, and the token is in no cached file name or content.
    const again = await enrichPullRequests(options);
    expect(again).toEqual([enriched]);
    expect(requests).toHaveLength(4);
    expect((await readdir(join(folder, 'acme__calc'))).join(' ')).not.toContain(TOKEN);
  });

  it('fails with the status on a server error and never shows the token', async () => {
    const { apiUrl } = await fakeGitHub({ '/repos/acme/calc/pulls/2': { status: 500, body: { message: `boom ${TOKEN}` } } }, false);
    folder = await mkdtemp(join(tmpdir(), 'swespot-github-cache-'));
    const failure = await enrichPullRequests({ pullRequests: [pullRequest], repo: 'acme/calc', token: TOKEN, cacheDirectory: folder, cutoff: '2022-12-31T00:00:00Z', apiUrl }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiCallError);
    expect((failure as ApiCallError).statusCode).toBe(500);
    expect((failure as Error).message).toContain('[redacted]');
    expect((failure as Error).message).not.toContain(TOKEN);
  });
});
