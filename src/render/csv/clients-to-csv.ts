import { CLIENT_OVERVIEW_HEADER, clientOverviewCells, type ClientOverviewRow } from '../../register/client-overview.js';
import { toCsv } from './to-csv.js';

/** The client overview as CSV, one line per client. */
export function clientsToCsv(rows: readonly ClientOverviewRow[]): string {
  return toCsv(CLIENT_OVERVIEW_HEADER, rows.map(clientOverviewCells));
}
