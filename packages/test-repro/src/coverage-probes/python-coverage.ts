import type { SandboxExecutorV1 } from '@swespot/core';
import { COVERAGE_FOLDER, type CoverageProbe, type LinesToMeasure, type MeasuredLines } from './line-coverage';

/**
 * Started by a `.pth` file in every Python process of the run when `COVERAGE_PROCESS_START`
 * is set (coverage.py's way to measure subprocesses). `os._exit` is wrapped so that runs
 * ended by it (swespot's pytest exit plugin, multiprocessing workers) still save their data.
 */
const START_MODULE = `"""swespot: start coverage.py in every Python process of a graded test run."""
import os

if os.environ.get("COVERAGE_PROCESS_START"):
    try:
        import coverage
    except ImportError:
        coverage = None
    if coverage is not None:
        _swespot_coverage = coverage.process_startup()
        if _swespot_coverage is not None:
            _swespot_exit = os._exit

            def _swespot_save_then_exit(status):
                try:
                    _swespot_coverage.stop()
                    _swespot_coverage.save()
                finally:
                    _swespot_exit(status)

            os._exit = _swespot_save_then_exit
`;

/**
 * Reads the run's data (the parallel files combined) and classifies each asked line: a line
 * belongs to the statement that contains it (its first line, decorators included, as
 * coverage.py numbers statements); covered when that statement ran, missed when it did not,
 * not executable when no statement starts there.
 */
const REPORT_SCRIPT = `import ast, json, os, sys
import coverage

request = json.load(sys.stdin)
root = request["root"]
cov = coverage.Coverage(config_file=request["rc"])
try:
    cov.combine()
except Exception:
    pass
data = cov.get_data()
measured = list(data.measured_files())


def statement_starts(text):
    """line -> candidate statement first lines, innermost statement first."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return {}
    found = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        first = node.lineno
        decorators = getattr(node, "decorator_list", None) or []
        if decorators:
            first = min([first] + [d.lineno for d in decorators])
        body = getattr(node, "body", None)
        # A compound statement owns its header lines only; its body lines belong to the body.
        last = (body[0].lineno - 1) if isinstance(body, list) and body and body[0].lineno > node.lineno else (node.end_lineno or node.lineno)
        for line in range(first, last + 1):
            span = last - first
            if line not in found or span < found[line][0]:
                found[line] = (span, [first, node.lineno])
    return {line: candidates for line, (span, candidates) in found.items()}


result = []
for item in request["files"]:
    path = os.path.join(root, item["path"])
    match = next((m for m in measured if m == path), None) or next((m for m in measured if m.endswith("/" + item["path"])), None)
    target = match or path
    executed = set(data.lines(match) or []) if match else set()
    try:
        statements = set(cov.analysis2(target)[1])
        with open(target, encoding="utf-8", errors="replace") as handle:
            starts = statement_starts(handle.read())
    except Exception:
        statements, starts = set(), {}
    covered, missed, not_executable = [], [], []
    for line in item["lines"]:
        key = next((c for c in starts.get(line, []) + [line] if c in statements), None)
        if key is None:
            not_executable.append(line)
        elif key in executed:
            covered.append(line)
        else:
            missed.append(line)
    result.append({"path": item["path"], "covered": covered, "missed": missed, "notExecutable": not_executable})
print(json.dumps(result))
`;

/** Writes the rc file, the start module and the `.pth` that imports it (in coverage.py's own site folder). */
const PREPARE_SCRIPT = `import json, os, sys
import coverage

request = json.load(sys.stdin)
site = os.path.dirname(os.path.dirname(os.path.abspath(coverage.__file__)))
os.makedirs(request["folder"], exist_ok=True)
with open(os.path.join(request["folder"], "coveragerc"), "w") as handle:
    handle.write(request["rc"])
with open(os.path.join(site, "swespot_coverage_start.py"), "w") as handle:
    handle.write(request["start"])
with open(os.path.join(site, "swespot-coverage.pth"), "w") as handle:
    handle.write("import swespot_coverage_start\\n")
print(coverage.__version__)
`;

/** The `include` patterns of the rc file: each changed file, wherever the project is imported from. */
function rcFile(files: readonly LinesToMeasure[]): string {
  return ['[run]', `data_file = ${COVERAGE_FOLDER}/data`, 'parallel = True', 'include =', ...files.map((file) => `    */${file.path}`), ''].join('\n');
}

/**
 * coverage.py (Debian's `python3-coverage`, or any `coverage` the image's `python3`
 * imports), started in every Python process of the test command through a `.pth` file and
 * `COVERAGE_PROCESS_START`, so it measures whatever command the task runs (pytest, Django's
 * `runtests.py`, unittest, subprocesses) without rewriting it. Only the changed files are
 * traced (`include`), which keeps the overhead small.
 */
export function createPythonCoverageProbe(): CoverageProbe {
  return {
    tool: 'coverage.py',
    async prepare(executor: SandboxExecutorV1, files: readonly LinesToMeasure[], abortSignal?: AbortSignal) {
      // One command: find coverage.py, write the rc file, the start module and the .pth next to coverage itself
      // (site folders are added one by one, so a .pth in an earlier one could not import it yet).
      const request = { folder: COVERAGE_FOLDER, rc: rcFile(files), start: START_MODULE };
      const found = await executor.exec({ command: ['python3', '-c', PREPARE_SCRIPT], stdin: JSON.stringify(request), abortSignal });
      if (found.exitCode !== 0) {
        const missing = /No module named '?coverage/.test(found.stderr);
        return {
          available: false as const,
          reason: missing
            ? 'coverage.py is not in the image: build the environment with the Debian package python3-coverage (withCoverageTooling(recipe)).'
            : `python3 could not set up coverage.py: ${found.stderr.trim().split('\n').at(-1) ?? `exit ${found.exitCode}`}`,
        };
      }
      return { available: true as const, env: { COVERAGE_PROCESS_START: `${COVERAGE_FOLDER}/coveragerc` } };
    },
    async measure(executor: SandboxExecutorV1, files: readonly LinesToMeasure[], abortSignal?: AbortSignal): Promise<MeasuredLines[]> {
      const result = await executor.exec({
        command: ['python3', '-c', REPORT_SCRIPT],
        stdin: JSON.stringify({ root: executor.workdir, rc: `${COVERAGE_FOLDER}/coveragerc`, files }),
        // The report must not measure itself.
        env: { COVERAGE_PROCESS_START: '' },
        timeoutMs: 300_000,
        maxOutputBytes: 16 * 1024 * 1024,
        abortSignal,
      });
      if (result.exitCode !== 0) throw new Error(`coverage.py report failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
      return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as MeasuredLines[];
    },
  };
}
