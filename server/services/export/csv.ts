/** RFC 4180: a field with a comma, quote, CR or LF is quoted, and its quotes doubled. The value as
 *  it is, for machines (PostgreSQL's COPY); a file people open goes through `spreadsheetCell`. */
export function csvField(value: unknown): string {
  return quote(plain(value));
}

/** One CSV record with its CRLF terminator (RFC 4180 §2.1), for machines (see csvField). */
export const csvRow = (fields: readonly unknown[]): string =>
  `${fields.map(csvField).join(",")}\r\n`;

// A number a spreadsheet reads as a number: nothing else can follow its sign.
const NUMBER_TEXT = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A cell of a CSV file that people open in a spreadsheet (every export: runs, metrics, samples,
 * review votes). Text a spreadsheet would run as a formula, i.e. text starting with = + - @, a tab
 * or a CR, gets a leading apostrophe, which the spreadsheet shows as text (OWASP "CSV injection");
 * model outputs, names, tags and comments are anyone's text. Numbers stay numbers: a negative
 * number (typed, or text that is only a number, as PostgreSQL returns numeric) cannot hide a
 * formula, and prefixing it would turn every loss below zero into text.
 */
export function spreadsheetCell(value: unknown): string {
  const s = plain(value);
  if (typeof value === "number" || NUMBER_TEXT.test(s)) return quote(s);
  return quote(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
}

/** One spreadsheet-safe CSV record with its CRLF terminator (see spreadsheetCell). */
export const spreadsheetRow = (fields: readonly unknown[]): string =>
  `${fields.map(spreadsheetCell).join(",")}\r\n`;

function plain(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends) into records of
 * strings. Used by tests and scripts that read an export back.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\r" && text[i + 1] === "\n") {
      endRow();
      i += 2;
      continue;
    } else if (ch === "\n") endRow();
    else field += ch;
    i++;
  }
  if (field !== "" || row.length > 0) endRow();
  return rows;
}
