"use client";

import { Markdown } from "@/app/_components/markdown";
import { Card } from "@/app/_components/ui";
import { REVIEW_CHOICES, type ReviewChoice } from "@/core/enums";
import type { ReviewItem } from "@/server/schemas/reviews";
import { CHOICE_KEYS, type KeyState, rubricComplete } from "./review-keys";

type Props = {
  item: ReviewItem;
  keys: KeyState;
  note: string;
  onNote: (v: string) => void;
  /** Sends a key through the keyboard reducer (optionally focusing a criterion first). */
  press: (key: string, focus?: number) => void;
};

const CHOICE_LABELS: Record<ReviewChoice, string> = {
  A: "A is better",
  B: "B is better",
  tie: "Tie",
  both_bad: "Both bad",
};

/** One item: the input, the reference when there is one, and the output(s) to judge. Every piece
 *  of text here came from a dataset or a model, so all of it goes through the safe renderer. */
export function ItemView({ item, keys, note, onNote, press }: Props) {
  return (
    <div className="stack" data-testid="review-item" data-mode={item.mode}>
      {item.previous && (
        <div className="alert info" role="status">
          You voted on this item before (version {item.previous.version}). A new vote is kept as a
          new version.
        </div>
      )}
      <Card title="Input">
        <Markdown text={item.prompt} />
        {item.reference != null && (
          <details style={{ marginTop: 10 }}>
            <summary className="muted small" style={{ cursor: "pointer" }}>
              Reference answer
            </summary>
            <div style={{ marginTop: 6 }}>
              <Markdown text={item.reference} />
            </div>
          </details>
        )}
      </Card>
      {item.mode === "pairwise" ? (
        <Pairwise item={item} keys={keys} press={press} />
      ) : (
        <Rubric item={item} keys={keys} press={press} />
      )}
      {(item.mode === "pairwise" || item.rubric?.comment) && (
        <div className="field">
          <label htmlFor="review-note">
            {item.mode === "pairwise" ? "Reason (optional)" : "Comment"}
          </label>
          <textarea
            id="review-note"
            className="textarea"
            style={{ minHeight: 60, fontFamily: "var(--sans)" }}
            value={note}
            onChange={(e) => onNote(e.target.value)}
            placeholder={
              item.mode === "pairwise"
                ? "Why? Type first, press Esc, then vote."
                : "Type, press Esc, then Enter to submit."
            }
          />
        </div>
      )}
    </div>
  );
}

function Pairwise({ item, keys, press }: Pick<Props, "item" | "keys" | "press">) {
  return (
    <>
      <div className="grid-2">
        {item.outputs.map((o) => (
          <Card key={o.side} title={<>Output {o.side}</>}>
            <div data-testid={`output-${o.side}`}>
              <Markdown text={o.text} />
            </div>
          </Card>
        ))}
      </div>
      <fieldset className="row" aria-label="Your verdict">
        {REVIEW_CHOICES.map((choice) => (
          <button
            key={choice}
            type="button"
            className={keys.choice === choice ? "btn btn-primary" : "btn"}
            aria-pressed={keys.choice === choice}
            onClick={() => press(CHOICE_KEYS[choice])}
          >
            <kbd>{CHOICE_KEYS[choice]}</kbd> {CHOICE_LABELS[choice]}
          </button>
        ))}
        <span className="faint small">← back · → skip · ? shortcuts</span>
      </fieldset>
    </>
  );
}

function Rubric({ item, keys, press }: Pick<Props, "item" | "keys" | "press">) {
  const rubric = item.rubric;
  const text = item.outputs[0]?.text ?? "";
  return (
    <>
      <Card title="Output">
        <Markdown text={text} />
      </Card>
      <Card
        title="Your scores"
        description="1–5 scores the highlighted criterion and moves on; Enter submits."
      >
        <div className="stack" style={{ gap: 10 }}>
          {rubric?.criteria.map((c, i) => (
            <div
              key={c.key}
              className="row"
              data-testid={`criterion-${c.key}`}
              aria-current={keys.focus === i ? "true" : undefined}
              style={{
                padding: "6px 8px",
                borderRadius: 6,
                background: keys.focus === i ? "var(--accent-2)" : undefined,
              }}
            >
              <strong style={{ width: 140 }}>{c.label}</strong>
              {c.labels.map((label, s) => (
                <button
                  // biome-ignore lint/suspicious/noArrayIndexKey: the index is the scale point
                  key={s}
                  type="button"
                  className={keys.scores[c.key] === s + 1 ? "btn btn-sm btn-primary" : "btn btn-sm"}
                  aria-pressed={keys.scores[c.key] === s + 1}
                  title={label}
                  onClick={() => press(String(s + 1), i)}
                >
                  {s + 1} · {label}
                </button>
              ))}
            </div>
          ))}
          {rubric?.passFail && (
            <div className="row" style={{ padding: "6px 8px" }}>
              <strong style={{ width: 140 }}>Verdict</strong>
              <button
                type="button"
                className={keys.pass === true ? "btn btn-sm btn-primary" : "btn btn-sm"}
                aria-pressed={keys.pass === true}
                onClick={() => press("p")}
              >
                <kbd>P</kbd> Pass
              </button>
              <button
                type="button"
                className={keys.pass === false ? "btn btn-sm btn-primary" : "btn btn-sm"}
                aria-pressed={keys.pass === false}
                onClick={() => press("f")}
              >
                <kbd>F</kbd> Fail
              </button>
            </div>
          )}
          <div className="row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!rubricComplete(keys)}
              onClick={() => press("Enter")}
            >
              Submit <kbd>Enter</kbd>
            </button>
            <span className="faint small">← back · → skip · ? shortcuts</span>
          </div>
        </div>
      </Card>
    </>
  );
}
