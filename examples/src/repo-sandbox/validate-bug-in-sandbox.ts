// Validates a synthetic bug the way SWE-smith does: run the tests on the clean repository,
// apply the bug patch, run them again, and list the tests that fail with the bug and pass
// without it (FAIL_TO_PASS). Runs in bubblewrap by default; SWESPOT_SANDBOX=docker uses the
// Python base image (built once with debootstrap, needs root).
//
//   pnpm --filter @swespot/examples example src/repo-sandbox/validate-bug-in-sandbox.ts
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxProviderV1, TestSpec } from '@swespot/core';
import { applyPatch, assessTestReport, diffWorkspace, runTests, withSandboxSession } from '@swespot/repo-sandbox';
import { createBubblewrapSandbox } from '@swespot/repo-sandbox/bubblewrap';
import { buildPythonBaseImage, createDockerSandbox } from '@swespot/repo-sandbox/docker';

const repository = await mkdtemp(join(tmpdir(), 'swespot-example-'));
try {
  await writeFile(join(repository, 'calc.py'), 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n');
  await writeFile(join(repository, 'test_calc.py'), 'from calc import add, sub\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_sub():\n    assert sub(5, 3) == 2\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=example', '-c', 'user.email=example@example.com', ...args], { cwd: repository });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'clean');

  const provider: SandboxProviderV1 =
    process.env.SWESPOT_SANDBOX === 'docker' ? createDockerSandbox({ defaultImage: await buildPythonBaseImage() }) : createBubblewrapSandbox();
  const spec: TestSpec = {
    language: 'python',
    framework: 'pytest',
    command: 'python3 -m pytest -rA -p no:cacheprovider {tests}',
    selection: { mode: 'all' },
    env: {},
    timeoutSeconds: 120,
  };

  await withSandboxSession(provider, { workspace: { hostPath: repository } }, async (session) => {
    const clean = await runTests({ executor: session, spec });
    // The bug: made as an edit inside the sandbox, captured as a patch, undone, and re-applied.
    await session.exec({ command: "sed -i 's/return a + b/return a + b + 1/' calc.py" });
    const bugPatch = await diffWorkspace({ executor: session });
    await applyPatch({ executor: session, patch: bugPatch, reverse: true });
    const applied = await applyPatch({ executor: session, patch: bugPatch });
    const buggy = await runTests({ executor: session, spec });

    const status = (report: typeof clean, id: string) => report.tests.find((test) => test.testId === id)?.status;
    const failToPass = clean.tests.filter((test) => test.status === 'passed' && status(buggy, test.testId) !== 'passed').map((test) => test.testId);
    const passToPass = clean.tests.filter((test) => test.status === 'passed' && status(buggy, test.testId) === 'passed').map((test) => test.testId);
    console.log(`sandbox: ${session.provider}; bug patch applied with ${applied.method}`);
    console.log(`clean run trusted: ${assessTestReport(clean).trusted}; buggy run trusted: ${assessTestReport(buggy).trusted}`);
    console.log('FAIL_TO_PASS', failToPass);
    console.log('PASS_TO_PASS', passToPass);
  });
} finally {
  await rm(repository, { recursive: true, force: true });
}
