import type { DoctorReport } from './run-doctor-checks';

/**
 * Renders a doctor report as text: one line per check (`ok`, `missing` or `warning`,
 * the name, what was found and, when something is wrong, what to install), then a summary.
 */
export function formatDoctorReport(report: DoctorReport): string {
  const nameWidth = Math.max(...report.checks.map((check) => check.name.length));
  const lines = report.checks.map((check) => {
    const label = `${check.status.padEnd(7)} ${check.name.padEnd(nameWidth)}  ${check.detail}`;
    return check.hint ? `${label}; ${check.hint}` : label;
  });
  const missingRequired = report.checks.filter((check) => check.required && check.status === 'missing');
  lines.push(
    missingRequired.length === 0
      ? 'swespot can run here (optional items above only limit which sandbox and parser it uses)'
      : `swespot cannot run here: ${missingRequired.map((check) => check.name).join(', ')} missing`,
  );
  return `${lines.join('\n')}\n`;
}

/** The report as a JSON object keyed by check name, as printed by `swespot doctor --json`. */
export function toDoctorJson(report: DoctorReport): {
  ok: boolean;
  checks: Record<string, Omit<DoctorReport['checks'][number], 'name'>>;
} {
  return {
    ok: report.ok,
    checks: Object.fromEntries(report.checks.map(({ name, ...rest }) => [name, rest])),
  };
}
