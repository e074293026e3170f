/** The `tabulate(..., tablefmt="fancy_grid", colalign=("right",), stralign="center")` table the
 *  sacreBLEU CLI prints in text mode; cells may span several lines. */
export function fancyGrid(headers: string[], rows: string[][]): string {
  const cols = headers.length;
  const split = (s: string) => s.split("\n");
  // tabulate's MIN_PADDING: a column is at least its header plus 2.
  const widths = headers.map((h, c) =>
    Math.max(len(h) + 2, ...rows.map((r) => Math.max(...split(r[c]!).map(len)))),
  );
  // Python's format "^" puts the odd space on the right.
  const align = (s: string, w: number, c: number) => {
    const extra = w - len(s);
    if (c === 0) return " ".repeat(extra) + s;
    const left = Math.floor(extra / 2);
    return " ".repeat(left) + s + " ".repeat(extra - left);
  };
  const line = (l: string, fill: string, mid: string, r: string) =>
    l + widths.map((w) => fill.repeat(w + 2)).join(mid) + r;
  const row = (cells: string[]) => {
    const parts = cells.map(split);
    const height = Math.max(...parts.map((p) => p.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++)
      out.push(`│${parts.map((p, c) => ` ${align(p[k] ?? "", widths[c]!, c)} `).join("│")}│`);
    return out.join("\n");
  };
  const body: string[] = [line("╒", "═", "╤", "╕"), row(headers), line("╞", "═", "╪", "╡")];
  rows.forEach((r, i) => {
    body.push(row(r.slice(0, cols)));
    body.push(i < rows.length - 1 ? line("├", "─", "┼", "┤") : line("╘", "═", "╧", "╛"));
  });
  return body.join("\n");
}

function len(s: string): number {
  return Array.from(s).length;
}
