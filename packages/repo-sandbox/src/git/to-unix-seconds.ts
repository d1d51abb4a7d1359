import { InvalidArgumentError } from '@swespot/core';

/**
 * Converts a date (a `Date`, or an ISO 8601 string such as `2020-01-01` or
 * `2020-01-01T12:00:00+02:00`) to seconds since the Unix epoch, rounding down. A date
 * without a time means midnight UTC at the start of that day.
 *
 * @throws {InvalidArgumentError} naming `argument` when the date cannot be read.
 */
export function toUnixSeconds(value: string | Date, argument: string): number {
  const date = typeof value === 'string' ? new Date(value) : value;
  const milliseconds = date.getTime();
  if (!Number.isFinite(milliseconds) || (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value))) {
    throw new InvalidArgumentError({
      message: `${argument}: cannot read ${JSON.stringify(String(value))} as a date; use an ISO 8601 date such as 2020-01-01 or 2020-01-01T00:00:00Z.`,
      argument,
    });
  }
  return Math.floor(milliseconds / 1000);
}
