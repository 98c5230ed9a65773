import { z } from 'zod';
import { isoDateProblem } from './iso-date-problem.js';

export { EARLIEST_DATE, LATEST_DATE, isoDateProblem } from './iso-date-problem.js';

/** A calendar date as policymark accepts it; see {@link isoDateProblem}. */
export const IsoDateSchema = z.string().superRefine((text, context) => {
  const problem = isoDateProblem(text);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});
