"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { Badge, Card, EmptyState, LoadingCard } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import type { JudgeOut } from "@/server/schemas/judges";
import { JudgeForm } from "./judge-form";
import { JudgeTry } from "./judge-try";

type Open = { what: "new" } | { what: "edit" | "try"; judgeId: string } | null;

/** Settings → Judges: the project's LLM judges at their current version. Admins create and edit
 *  (each save is a new version); members read them and try them on 3 samples. */
export function JudgesCard({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const judges = useQuery(trpc.judges.list.queryOptions());
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const chosen = (id: string) => judges.data?.find((j) => j.id === id);

  return (
    <Card
      title="Judges"
      description="LLM judges score open-ended answers in eval suites. Temperature 0; every verdict names the judge version it came from."
      actions={
        isAdmin && (
          <button type="button" className="btn btn-sm" onClick={() => setOpen({ what: "new" })}>
            New judge
          </button>
        )
      }
      flush
    >
      {judges.isPending ? (
        <LoadingCard rows={2} />
      ) : judges.error ? (
        <ErrorView error={judges.error} />
      ) : !judges.data.length ? (
        <EmptyState title="No judges yet">
          {isAdmin ? "Create one to use it in an eval suite." : "An admin can create one."}
        </EmptyState>
      ) : (
        <JudgesTable
          judges={judges.data}
          isAdmin={isAdmin}
          onEdit={(judgeId) => setOpen({ what: "edit", judgeId })}
          onTry={(judgeId) => setOpen({ what: "try", judgeId })}
        />
      )}
      {open && (
        <div className="card-body" style={{ borderTop: "1px solid var(--border)" }}>
          {open.what === "new" ? (
            <JudgeForm onDone={close} />
          ) : open.what === "edit" && chosen(open.judgeId) ? (
            <JudgeForm key={open.judgeId} judge={chosen(open.judgeId)} onDone={close} />
          ) : open.what === "try" && chosen(open.judgeId) ? (
            <JudgeTry key={open.judgeId} judge={chosen(open.judgeId)!} />
          ) : null}
        </div>
      )}
    </Card>
  );
}

function JudgesTable({
  judges,
  isAdmin,
  onEdit,
  onTry,
}: {
  judges: JudgeOut[];
  isAdmin: boolean;
  onEdit: (id: string) => void;
  onTry: (id: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Version</th>
            <th>Provider</th>
            <th>Model</th>
            <th>Template</th>
            <th>Mode</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {judges.map((j) => (
            <tr key={j.id} data-judge={j.name}>
              <td>{j.name}</td>
              <td className="num" data-testid="judge-version">
                v{j.current.version}
              </td>
              <td className="muted">{j.current.provider}</td>
              <td className="mono small">{j.current.model}</td>
              <td>
                <Badge plain>{j.current.template.kind}</Badge>
              </td>
              <td className="muted">{j.current.mode}</td>
              <td className="row" style={{ justifyContent: "flex-end" }}>
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => onTry(j.id)}
                  aria-label={`Try ${j.name}`}
                >
                  Try
                </button>
                {isAdmin && (
                  <button
                    type="button"
                    className="btn btn-sm"
                    onClick={() => onEdit(j.id)}
                    aria-label={`Edit ${j.name}`}
                  >
                    Edit
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
