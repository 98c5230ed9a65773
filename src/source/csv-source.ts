/** One cell of a CSV file with where it starts (1-based line and column), for positioned diagnostics. */
export interface CsvCell {
  readonly value: string;
  readonly line: number;
  readonly column: number;
}

/** A CSV file's records, each a list of cells; or where its quoting is broken. */
export type CsvParse = { readonly rows: readonly (readonly CsvCell[])[] } | { readonly problem: { readonly line: number; readonly column: number; readonly message: string } };

/**
 * Parses RFC 4180 CSV (what spreadsheets, HR systems and e-signature services export): comma or
 * semicolon separated (the first line decides), fields optionally in double quotes with `""` for a quote
 * mark, quoted fields may span lines. Blank lines are skipped. Text is expected with LF line ends
 * (see decodeText).
 */
export function parseCsv(text: string): CsvParse {
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  const separator = !firstLine.includes(',') && firstLine.includes(';') ? ';' : ',';
  const rows: CsvCell[][] = [];
  let row: CsvCell[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const endRow = (): void => {
    if (!(row.length === 1 && row[0]!.value === '')) rows.push(row);
    row = [];
  };
  while (i <= text.length) {
    const start = { line, column };
    let value = '';
    if (text[i] === '"') {
      i++;
      column++;
      for (;;) {
        if (i >= text.length) return { problem: { ...start, message: 'This quoted field is never closed: a double quote mark is missing.' } };
        const ch = text[i]!;
        if (ch === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
          column += 2;
        } else if (ch === '"') {
          i++;
          column++;
          break;
        } else {
          value += ch;
          i++;
          if (ch === '\n') {
            line++;
            column = 1;
          } else column++;
        }
      }
      if (i < text.length && text[i] !== separator && text[i] !== '\n') {
        return { problem: { line, column, message: 'A quoted field is followed by text before the next separator.' } };
      }
    } else {
      while (i < text.length && text[i] !== separator && text[i] !== '\n') {
        value += text[i];
        i++;
        column++;
      }
    }
    row.push({ value: value.trim(), ...start });
    if (i >= text.length) {
      endRow();
      break;
    }
    if (text[i] === '\n') {
      endRow();
      line++;
      column = 1;
    } else column++;
    i++;
  }
  return { rows };
}
