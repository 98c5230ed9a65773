// Without zod, so that the command line can check a date flag without loading the schema library.
/**
 * The earliest and latest date policymark accepts anywhere (a release date, a report's "today"): the
 * dates every output format can carry. A Word file is a zip, whose entries hold DOS dates, and the zip
 * writer (fflate, also inside docx) refuses years outside 1980-2099.
 */
export const EARLIEST_DATE = '1980-01-01';
export const LATEST_DATE = '2099-12-31';

/**
 * Why a text is not an acceptable calendar date (YYYY-MM-DD, a day that exists, within
 * {@link EARLIEST_DATE}..{@link LATEST_DATE}), as a predicate for "The value ... "; undefined when it is one.
 */
export function isoDateProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return 'must be a date like "2026-03-01"';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return 'must be a day that exists in the calendar';
  }
  if (text < EARLIEST_DATE || text > LATEST_DATE) {
    return `must be between ${EARLIEST_DATE} and ${LATEST_DATE}, the dates a Word document can carry`;
  }
  return undefined;
}
