/** RFC 4180: a field with a comma, quote, CR or LF is quoted, and its quotes doubled. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const s =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF terminator (RFC 4180 §2.1). */
export const csvRow = (fields: readonly unknown[]): string =>
  `${fields.map(csvField).join(",")}\r\n`;

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends) into records of
 * strings. Used by tests and scripts that read an export back.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [],
    field = "",
    i = 0,
    quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (ch === '"') (quoted = false), i++;
      else (field += ch), i++;
    } else if (ch === '"' && field === "") (quoted = true), i++;
    else if (ch === ",") row.push(field), (field = ""), i++;
    else if (ch === "\r" && text[i + 1] === "\n")
      row.push(field), rows.push(row), (row = []), (field = ""), (i += 2);
    else if (ch === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else (field += ch), i++;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}
