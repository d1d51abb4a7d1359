/**
 * Realistic records of every kind, for tests. Each function returns a fresh object, so a test
 * may change it freely.
 */

const removedCode = `def quote_name_unless_alias(self, name):
    """Quote a name unless it is a known alias."""
    if name in self.quote_cache:
        return self.quote_cache[name]
    r = self.connection.ops.quote_name(name)
    self.quote_cache[name] = r
    return r
`;

/** The fields every task instance has, for a Django snapshot. */
export function exampleTaskBase() {
  return {
    schemaVersion: 1 as const,
    repo: 'django/django',
    snapshot: { commit: '415f50298f97fb17f841a9df38d995ccf347dfcc', cutoff: '2020-12-31T23:59:59Z' },
    environment: {
      image: 'swespot/django:415f5029',
      installCommands: ['python -m pip install -e .'],
      workingDirectory: '/testbed',
    },
    testSpec: {
      language: 'python',
      framework: 'django' as const,
      command: './tests/runtests.py --verbosity 2 --settings=test_sqlite --parallel 1 {tests}',
      selection: { mode: 'files' as const, files: ['tests/utils_tests/test_autoreload.py'] },
      env: {},
      timeoutSeconds: 900,
    },
    provenance: {
      source: 'pr-mirror' as const,
      origin: 'https://github.com/django/django/pull/13837',
      generator: { name: '@swespot/pr-mirror', version: '0.1.0' },
      createdAt: '2026-01-02T10:00:00Z',
    },
    seed: 42,
    split: 'train',
  };
}

/** A PR-mirror bugfix task. */
export function exampleBugfixTask() {
  return {
    ...exampleTaskBase(),
    id: 'django__pr-mirror__13837',
    kind: 'bugfix' as const,
    problemStatement: 'Autoreloading does not work for `python -m pkg runserver` when pkg is not django.',
    problemStatementOrigin: 'generated' as const,
    goldPatch: 'diff --git a/django/utils/autoreload.py b/django/utils/autoreload.py\n--- a/django/utils/autoreload.py\n+++ b/django/utils/autoreload.py\n@@ -1 +1 @@\n-a\n+b\n',
    testPatch: '',
    failToPass: ['test_run_as_non_django_module (utils_tests.test_autoreload.TestChildArguments)'],
    passToPass: ['test_no_exception (utils_tests.test_autoreload.TestRaiseLastException)'],
    createdAt: '2021-01-04T17:44:23Z',
    prNumber: 13837,
    linkedIssues: [{ number: 32177, url: 'https://code.djangoproject.com/ticket/32177' }],
    bugOrigin: { type: 'pr-mirror' as const, prNumber: 13837, direct: false },
    bugPatch: 'diff --git a/django/utils/autoreload.py b/django/utils/autoreload.py\n--- a/django/utils/autoreload.py\n+++ b/django/utils/autoreload.py\n@@ -1 +1 @@\n-b\n+a\n',
  };
}

/** A feature task, as from FEA-Bench. */
export function exampleFeatureTask() {
  return {
    ...exampleTaskBase(),
    id: 'astropy__astropy-16831',
    kind: 'feature' as const,
    repo: 'astropy/astropy',
    problemStatement: 'This is a feature request which requires a new feature to add in the code repository.',
    goldPatch: 'diff --git a/astropy/coordinates/baseframe.py b/astropy/coordinates/baseframe.py\n',
    testPatch: 'diff --git a/astropy/coordinates/tests/test_frames.py b/astropy/coordinates/tests/test_frames.py\n',
    failToPass: ['astropy/coordinates/tests/test_frames.py::test_insert'],
    passToPass: [],
    newComponents: [
      {
        file: 'astropy/coordinates/baseframe.py',
        components: [
          {
            name: 'CoordinateFrameInfo',
            type: 'class',
            signature: 'class CoordinateFrameInfo(MixinInfo):',
            doc: 'Container for meta information like name, description, format.',
            lines: [140, 343] as [number, number],
          },
        ],
      },
    ],
    nonCodePatch: 'diff --git a/docs/changes/coordinates/16831.feature.rst b/docs/changes/coordinates/16831.feature.rst\n',
    provenance: { ...exampleTaskBase().provenance, source: 'fea-bench' as const },
  };
}

/** A test reproduction task reusing the bugfix task's bug. */
export function exampleTestReproTask() {
  const bugfix = exampleBugfixTask();
  return {
    ...exampleTaskBase(),
    id: 'django__pr-mirror__13837__test-repro',
    kind: 'test-repro' as const,
    problemStatement: bugfix.problemStatement,
    goldPatch: bugfix.goldPatch,
    testPatch: 'diff --git a/tests/utils_tests/test_autoreload.py b/tests/utils_tests/test_autoreload.py\n',
    testFiles: ['tests/utils_tests/test_autoreload.py'],
    grading: { failBefore: 'any' as const, passAfter: 'all' as const, weighByCoverage: false },
    bugPatch: bugfix.bugPatch,
    bugfixTaskId: bugfix.id,
  };
}

/** A software design probe on the ORM's query compiler. */
export function exampleDesignTask() {
  return {
    ...exampleTaskBase(),
    id: 'django__design__0007',
    kind: 'design' as const,
    targets: [
      {
        granularity: 'class' as const,
        path: 'django/db/models/sql/compiler.py',
        symbol: 'SQLCompiler',
        lines: { start: 22, end: 1260 },
        commitCount: 311,
      },
    ],
    prompt: 'Explain what SQLCompiler is responsible for, why it is separate from Query, and how backends customise it.',
    rubric: [
      { criterion: 'Says that Query holds the query state and SQLCompiler turns it into SQL.', weight: 2 },
      { criterion: 'Names DatabaseOperations.compiler() as the backend hook.', weight: 1 },
    ],
    groundingFacts: [
      {
        statement: 'Backends choose the compiler class through DatabaseOperations.compiler_module.',
        path: 'django/db/backends/base/operations.py',
        symbol: 'BaseDatabaseOperations.compiler',
      },
    ],
    provenance: { ...exampleTaskBase().provenance, source: 'design-probes' as const },
  };
}

/** An agentic FIM task with one function-sized hole. */
export function exampleFimTask() {
  return {
    ...exampleTaskBase(),
    id: 'django__fim__0031',
    kind: 'fim' as const,
    file: 'django/db/models/sql/compiler.py',
    instruction: 'Implement SQLCompiler.quote_name_unless_alias: quote a table name unless it is an alias, caching results.',
    holes: [
      {
        byteRange: { start: 1200, end: 1200 + new TextEncoder().encode(removedCode).length },
        lineRange: { start: 40, end: 46 },
        removedCode,
        granularity: 'method' as const,
        symbol: 'SQLCompiler.quote_name_unless_alias',
      },
    ],
    classification: 'positive' as const,
    crossFileDependencies: [
      { symbol: 'connection.ops.quote_name', definedIn: 'django/db/backends/base/operations.py', line: 371, symbolKind: 'method' },
    ],
    coveringTests: ['test_quote_name (queries.tests.QuerySetBitwiseOperationTests)'],
    provenance: { ...exampleTaskBase().provenance, source: 'fim-holes' as const },
  };
}

/** A SWE-QA question. */
export function exampleQaTask() {
  return {
    ...exampleTaskBase(),
    id: 'django__django__qa__0000',
    kind: 'qa' as const,
    question: "What are the core components of Django's request/response cycle?",
    referenceAnswer: 'Entry handler (WSGIHandler/ASGIHandler), the request object, the middleware stack, URL resolution, the view, the response.',
    category: 'what' as const,
    provenance: { ...exampleTaskBase().provenance, source: 'swe-qa' as const },
  };
}

/** A pytest run with two tests, one failing. */
export function exampleTestReport() {
  return {
    schemaVersion: 1 as const,
    id: 'report-0001',
    taskId: 'astropy__astropy-16831',
    command: 'pytest --no-header -rA --tb=no -p no:cacheprovider astropy/coordinates/tests/test_frames.py',
    exitCode: 1,
    tests: [
      { testId: 'astropy/coordinates/tests/test_frames.py::test_insert', status: 'failed' as const, durationMs: 12.5, message: 'AssertionError' },
      { testId: 'astropy/coordinates/tests/test_frames.py::test_frame_attribute_descriptor', status: 'passed' as const, durationMs: 3 },
    ],
    evidence: {
      runner: 'pytest' as const,
      summary: { passed: 1, failed: 1, errors: 0, skipped: 0, xfailed: 0 },
      countsAgree: true,
      exitCodeAgrees: true,
    },
    durationMs: 5321,
    timedOut: false,
    stdoutTruncated: false,
    stderrTruncated: false,
    startedAt: '2026-01-03T08:00:00.123Z',
  };
}

/** A two-step trajectory that submits a diff. */
export function exampleTrajectory() {
  const step = (index: number, action: string, observation: string) => ({
    index,
    thought: `Step ${index}: look around.`,
    action,
    rawOutput: `THOUGHT: Step ${index}: look around.\n\n\`\`\`bash\n${action}\n\`\`\``,
    observation,
    exitCode: 0,
    modelDurationMs: 840,
    actionDurationMs: 35,
    inputTokens: 2100 + index * 300,
    outputTokens: 120,
    flags: { malformed: false, timedOut: false, repeated: false, lossMasked: false },
  });
  return {
    schemaVersion: 1 as const,
    id: 'traj-django__django-13837-qwen-1',
    taskId: 'django__django-13837',
    taskKind: 'bugfix' as const,
    model: { provider: 'vllm', modelId: 'Qwen/Qwen3-4B-Instruct-2507' },
    settings: { temperature: 1, topP: 0.8, topK: 20, repetitionPenalty: 1.05, maxOutputTokens: 4096 },
    systemPrompt: 'You are a helpful assistant that can interact with a computer.',
    initialMessages: [{ role: 'user' as const, content: 'Resolve the issue below in /testbed.' }],
    steps: [step(0, 'grep -n get_child_arguments django/utils/autoreload.py', '213:def get_child_arguments():'), step(1, 'git diff', 'diff --git a/...')],
    outcome: 'submitted' as const,
    submission: { type: 'diff' as const, diff: 'diff --git a/django/utils/autoreload.py b/django/utils/autoreload.py\n' },
    usage: { inputTokens: 4500, outputTokens: 240, modelCalls: 2, costUsd: null },
    startedAt: '2026-01-03T08:00:00Z',
    endedAt: '2026-01-03T08:00:04Z',
    cutoff: '2020-12-31T23:59:59Z',
  };
}

/** A finished validation stage. */
export function exampleRunRecord() {
  return {
    schemaVersion: 1 as const,
    id: 'run-2026-01-03-validate-1',
    stage: 'validate',
    startedAt: '2026-01-03T08:00:00Z',
    endedAt: '2026-01-03T09:12:00Z',
    configHash: 'a'.repeat(64),
    inputs: [{ path: 'bugs/django.jsonl', sha256: 'b'.repeat(64), records: 120 }],
    outputs: [{ path: 'tasks/django.jsonl', records: 97 }],
    counts: { attempted: 120, succeeded: 97, failed: 20, skipped: 3 },
    status: 'partial' as const,
  };
}

/** A graded SWE-bench Verified attempt. */
export function exampleEvalResult() {
  return {
    schemaVersion: 1 as const,
    id: 'eval-django__django-13837-qwen-1',
    runId: 'run-2026-01-03-eval-1',
    taskId: 'django__django-13837',
    taskKind: 'bugfix' as const,
    source: 'swe-bench-verified' as const,
    model: { provider: 'vllm', modelId: 'swespot/django-sft-v0' },
    attempt: 1,
    resolved: true,
    score: 1,
    trajectoryId: 'traj-django__django-13837-qwen-1',
    testReportIds: ['report-0001'],
  };
}
