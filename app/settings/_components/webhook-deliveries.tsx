"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { fmtDateTime, fmtRelative } from "@/app/_components/format";
import { Badge, EmptyState, LoadingCard } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";

const TONE = { succeeded: "ok", failed: "err", pending: "warn" } as const;

/** An endpoint's delivery log: one row per delivery, its attempts underneath; refreshes while any
 *  is pending. */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = trpc.webhooks.deliveries.queryOptions({ endpointId, limit: 50 });
  const log = useQuery({
    ...options,
    refetchInterval: (q) => (q.state.data?.some((d) => d.status === "pending") ? 2000 : false),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: options.queryKey });
  const sendTest = useMutation(trpc.webhooks.sendTest.mutationOptions({ onSuccess: refresh }));
  const redeliver = useMutation(trpc.webhooks.redeliver.mutationOptions({ onSuccess: refresh }));
  const [expanded, setExpanded] = useState<string | null>(null);

  return (
    <section
      className="card-body stack"
      style={{ borderTop: "1px solid var(--border)" }}
      aria-label="Delivery log"
    >
      <div className="spread">
        <strong>Delivery log</strong>
        <button
          className="btn btn-sm"
          type="button"
          disabled={sendTest.isPending}
          onClick={() => sendTest.mutate({ endpointId })}
        >
          Send test event
        </button>
      </div>
      {(sendTest.error || redeliver.error) && (
        <ErrorView error={sendTest.error ?? redeliver.error} />
      )}
      {log.isPending ? (
        <LoadingCard rows={2} />
      ) : log.error ? (
        <ErrorView error={log.error} />
      ) : !log.data.length ? (
        <EmptyState title="No deliveries yet">
          Send a test event to check the endpoint and its signature verification.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Event</th>
                <th>Status</th>
                <th>Attempts</th>
                <th>Last code</th>
                <th>Next retry</th>
                <th>Created</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((d) => (
                <Fragment key={d.id}>
                  <tr data-delivery={d.id}>
                    <td>
                      <Badge plain>{d.eventType}</Badge>
                    </td>
                    <td>
                      <Badge tone={TONE[d.status]}>{d.status}</Badge>
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td className="num">{d.lastStatusCode ?? "—"}</td>
                    <td className="muted">
                      {d.nextAttemptAt && d.status === "pending"
                        ? fmtRelative(d.nextAttemptAt)
                        : "—"}
                    </td>
                    <td className="muted">{fmtRelative(d.createdAt)}</td>
                    <td className="row">
                      <button
                        className="btn btn-sm"
                        type="button"
                        onClick={() => setExpanded(expanded === d.id ? null : d.id)}
                      >
                        {expanded === d.id ? "Hide" : "Attempts"}
                      </button>
                      <button
                        className="btn btn-sm"
                        type="button"
                        disabled={redeliver.isPending}
                        onClick={() => redeliver.mutate({ deliveryId: d.id })}
                      >
                        Redeliver
                      </button>
                    </td>
                  </tr>
                  {expanded === d.id && (
                    <tr>
                      <td colSpan={7}>
                        <table className="table small">
                          <thead>
                            <tr>
                              <th>Round</th>
                              <th>Attempt</th>
                              <th>Code</th>
                              <th>Latency</th>
                              <th>Response / error</th>
                              <th>Next retry</th>
                              <th>At</th>
                            </tr>
                          </thead>
                          <tbody>
                            {d.log.map((a) => (
                              <tr key={`${a.round}-${a.attempt}`}>
                                <td className="num">{a.round}</td>
                                <td className="num">{a.attempt}</td>
                                <td className="num">{a.statusCode ?? "—"}</td>
                                <td className="num">{a.latencyMs} ms</td>
                                <td
                                  className="mono small"
                                  style={{
                                    maxWidth: 420,
                                    overflow: "hidden",
                                    textOverflow: "ellipsis",
                                    whiteSpace: "nowrap",
                                  }}
                                  title={a.error ?? a.response ?? ""}
                                >
                                  {a.error ?? a.response ?? ""}
                                </td>
                                <td className="muted">
                                  {a.nextRetryAt ? fmtDateTime(a.nextRetryAt) : "—"}
                                </td>
                                <td className="muted">{fmtDateTime(a.createdAt)}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
