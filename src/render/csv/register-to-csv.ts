import type { RegisterRow } from '../../register/compute-register.js';
import { REGISTER_HEADER, registerCells } from '../../register/register-table.js';
import { toCsv } from './to-csv.js';

/** The policy register as CSV. */
export function registerToCsv(rows: readonly RegisterRow[]): string {
  return toCsv(REGISTER_HEADER, rows.map(registerCells));
}
