import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiCallError, InvalidArgumentError, parseRetryAfter, redactSecret } from '@swespot/core';
import { findIssueReferences } from '@swespot/repo-sandbox';
import type { MinedPullRequest } from '../mining/mine-pull-requests';

/** Options of {@link enrichPullRequests}. */
export interface EnrichPullRequestsOptions {
  readonly pullRequests: readonly MinedPullRequest[];
  /** The repository on GitHub as owner/name. */
  readonly repo: string;
  /** A GitHub token (never written to the cache, logs or errors). */
  readonly token: string;
  /** Where responses are kept, one JSON file per request; a second run asks GitHub nothing it already asked. */
  readonly cacheDirectory: string;
  /** Issues created after this instant are not used (the temporal protocol). */
  readonly cutoff: string;
  /** The REST API root. Default: `https://api.github.com`. */
  readonly apiUrl?: string;
  /** Longest wait for a rate limit to reset before giving up, in milliseconds. Default: 15 minutes. */
  readonly maxRateLimitWaitMs?: number;
  /** Called when a rate limit makes it wait. */
  readonly onRateLimit?: (waitMs: number) => void;
  readonly onProgress?: (done: number, total: number) => void;
  readonly abortSignal?: AbortSignal;
}

interface CachedResponse {
  readonly status: number;
  readonly body: unknown;
}

function sleep(milliseconds: number, abortSignal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, milliseconds);
    abortSignal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(abortSignal.reason as Error);
    }, { once: true });
  });
}

/**
 * Adds what only GitHub knows to mined pull requests: the PR's body (its closing references
 * become linked issues, so the strict preset sees them) and the title and body of every
 * issue it closes that was opened before the cutoff (the problem statement then). Offline by
 * default: the command line calls this only with a token. Responses are cached on disk, so
 * a re-run (or a resumed one) asks again only what it lacks; a rate limit (403/429 with
 * `x-ratelimit-remaining: 0` or `retry-after`) waits for the reset, up to `maxRateLimitWaitMs`.
 *
 * @throws {ApiCallError} when GitHub answers with an error other than 404 (a missing PR or
 * issue is skipped), or the rate limit would need a longer wait.
 */
export async function enrichPullRequests(options: EnrichPullRequestsOptions): Promise<MinedPullRequest[]> {
  if (!/^[^/\s]+\/[^/\s]+$/.test(options.repo)) throw new InvalidArgumentError({ argument: 'repo', message: `repo: expected owner/name, e.g. pallets/click; got ${JSON.stringify(options.repo)}.` });
  const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const cacheFolder = join(options.cacheDirectory, options.repo.replace('/', '__'));
  await mkdir(cacheFolder, { recursive: true });
  const maxWait = options.maxRateLimitWaitMs ?? 15 * 60_000;
  const cutoff = Date.parse(options.cutoff);

  const get = async (path: string): Promise<CachedResponse> => {
    const file = join(cacheFolder, `${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${createHash('sha256').update(path).digest('hex').slice(0, 8)}.json`);
    const cached = await readFile(file, 'utf8').then((text) => JSON.parse(text) as CachedResponse, () => undefined);
    if (cached !== undefined) return cached;
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${api}${path}`, {
        headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${options.token}`, 'x-github-api-version': '2022-11-28', 'user-agent': 'swespot-pr-mirror' },
        ...(options.abortSignal ? { signal: options.abortSignal } : {}),
      });
      const limited = response.status === 429 || (response.status === 403 && (response.headers.get('x-ratelimit-remaining') === '0' || response.headers.has('retry-after')));
      if (limited && attempt < 5) {
        const retryAfter = parseRetryAfter(response.headers);
        const reset = Number(response.headers.get('x-ratelimit-reset'));
        const waitMs = retryAfter !== undefined ? retryAfter * 1000 : Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) + 1000 : 60_000;
        if (waitMs > maxWait) {
          throw new ApiCallError({ message: `GitHub rate limit: ${path} may be asked again in ${Math.ceil(waitMs / 1000)} s, longer than the ${Math.round(maxWait / 1000)} s allowed; run again later (answers so far are cached).`, statusCode: response.status, isRetryable: true });
        }
        await response.body?.cancel();
        options.onRateLimit?.(waitMs);
        await sleep(waitMs, options.abortSignal);
        continue;
      }
      if (response.status !== 200 && response.status !== 404) {
        const text = redactSecret(await response.text().catch(() => ''), options.token);
        throw new ApiCallError({ message: `GitHub ${response.status} for ${path}: ${text.slice(0, 300)}`, statusCode: response.status, isRetryable: response.status >= 500 });
      }
      const result: CachedResponse = { status: response.status, body: response.status === 200 ? await response.json() : null };
      // Written whole, then renamed: a killed run never leaves half a cache entry.
      await writeFile(`${file}.tmp`, JSON.stringify(result));
      await rename(`${file}.tmp`, file);
      return result;
    }
  };

  const enriched: MinedPullRequest[] = [];
  let done = 0;
  for (const pullRequest of options.pullRequests) {
    const pull = await get(`/repos/${options.repo}/pulls/${pullRequest.number}`);
    const body = pull.status === 200 ? String((pull.body as { body?: unknown }).body ?? '') : undefined;
    const issues = [...pullRequest.issues];
    for (const reference of body === undefined ? [] : findIssueReferences(body, { exclude: pullRequest.number })) {
      const known = issues.findIndex((issue) => issue.number === reference.number);
      if (known === -1) issues.push(reference);
      else if (reference.closing && !issues[known]!.closing) issues[known] = reference;
    }
    const issueTexts: { number: number; title: string; body: string }[] = [];
    for (const reference of issues.filter((issue) => issue.closing)) {
      const issue = await get(`/repos/${options.repo}/issues/${reference.number}`);
      if (issue.status !== 200) continue;
      const record = issue.body as { title?: unknown; body?: unknown; created_at?: unknown; pull_request?: unknown };
      // A pull request is not an issue; an issue opened after the cutoff is not known at it.
      if (record.pull_request !== undefined || !(Date.parse(String(record.created_at)) <= cutoff)) continue;
      issueTexts.push({ number: reference.number, title: String(record.title ?? ''), body: String(record.body ?? '') });
    }
    enriched.push({ ...pullRequest, issues, ...(body === undefined ? {} : { body }), ...(issueTexts.length > 0 ? { issueTexts } : {}) });
    options.onProgress?.(++done, options.pullRequests.length);
  }
  return enriched;
}
