"use client";

import { Markdown } from "@/app/_components/markdown";
import { Card } from "@/app/_components/ui";

/** The campaign's guidelines beside the item (G toggles it), so a reviewer can check a rule
 *  without losing their place; voting keys keep working while it is open. */
export function GuidelinesPanel({ text, onClose }: { text: string; onClose: () => void }) {
  return (
    <aside data-testid="guidelines-panel" style={{ position: "sticky", top: 68 }}>
      <Card
        title="Guidelines"
        actions={
          <button type="button" className="btn btn-sm" onClick={onClose}>
            Hide <kbd>G</kbd>
          </button>
        }
      >
        <div style={{ maxHeight: "70vh", overflow: "auto" }}>
          {text.trim() ? (
            <Markdown text={text} />
          ) : (
            <span className="faint">The owner wrote no guidelines for this campaign.</span>
          )}
        </div>
      </Card>
    </aside>
  );
}
