import { diffWordsWithSpace } from "diff";

export type DiffSegment = { text: string; changed: boolean };

/** Splits two texts into the segments each side shows: A keeps what B dropped (marked), B keeps
 *  what it added (marked), and both keep what they share. diffWordsWithSpace, not diffWords: the
 *  latter takes shared whitespace from B only, so side A would not read back as A's own text.
 *  Adjacent segments of one kind are joined so the DOM stays small on long outputs. */
export function wordDiffSides(a: string, b: string): { a: DiffSegment[]; b: DiffSegment[] } {
  const out = { a: [] as DiffSegment[], b: [] as DiffSegment[] };
  const push = (side: DiffSegment[], text: string, changed: boolean) => {
    const last = side[side.length - 1];
    if (last && last.changed === changed) last.text += text;
    else if (text) side.push({ text, changed });
  };
  for (const part of diffWordsWithSpace(a, b)) {
    if (part.added) push(out.b, part.value, true);
    else if (part.removed) push(out.a, part.value, true);
    else {
      push(out.a, part.value, false);
      push(out.b, part.value, false);
    }
  }
  return out;
}

const MARK = {
  removed: {
    background: "#fde2df",
    color: "#8a1c12",
    borderRadius: 3,
    textDecoration: "line-through",
    textDecorationColor: "#e0857a",
  },
  added: { background: "#d9f2e4", color: "#0d5535", borderRadius: 3 },
} as const;

/** One side of a word diff. Text is rendered as React text nodes, never as HTML: model output is
 *  untrusted and may contain markup. */
export function WordDiff({
  segments,
  side,
}: {
  segments: DiffSegment[];
  side: "removed" | "added";
}) {
  return (
    <div className="sample-text" data-testid={`word-diff-${side}`}>
      {segments.length === 0 ? (
        <span className="faint">(empty)</span>
      ) : (
        segments.map((s, i) => {
          const Segment = s.changed ? "mark" : "span";
          return (
            <Segment
              // biome-ignore lint/suspicious/noArrayIndexKey: a segment is its place in the text
              key={i}
              data-diff={s.changed ? side : undefined}
              style={s.changed ? MARK[side] : undefined}
            >
              {s.text}
            </Segment>
          );
        })
      )}
    </div>
  );
}
