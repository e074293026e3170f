"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfirm } from "@/app/_components/confirm-dialog";
import { ErrorView } from "@/app/_components/error-view";
import { Alert, Badge, Card, EmptyState, LoadingCard } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import { AddEndpointForm } from "./add-endpoint-form";
import { WebhookDeliveries } from "./webhook-deliveries";

/** Outgoing webhooks: endpoints, their Standard Webhooks secrets (shown once) and delivery logs. */
export function WebhooksCard() {
  const trpc = useTRPC();
  const confirm = useConfirm();
  const qc = useQueryClient();
  const ready = useHydrated();
  const endpoints = useQuery(trpc.webhooks.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSuccess: refresh }));
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: refresh }));
  const [open, setOpen] = useState<string | null>(null);
  const newSecret = create.data?.secret ?? rotate.data?.secret;
  const error = create.error ?? update.error ?? remove.error ?? rotate.error;

  return (
    <Card
      title="Outgoing webhooks"
      description="Signed with Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature); failed deliveries retry with exponential backoff."
      flush
    >
      {endpoints.isPending ? (
        <LoadingCard rows={2} />
      ) : !endpoints.data?.length ? (
        <EmptyState title="No endpoints yet">
          Add one below; its signing secret is shown once.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>URL</th>
                <th>Events</th>
                <th>Secret</th>
                <th>State</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {endpoints.data.map((ep) => (
                <tr key={ep.id}>
                  <td className="mono small" style={{ wordBreak: "break-all" }}>
                    {ep.url}
                  </td>
                  <td className="row">
                    {ep.events.map((e) => (
                      <Badge key={e} plain>
                        {e}
                      </Badge>
                    ))}
                  </td>
                  <td className="mono small">{ep.secretHint}</td>
                  <td>
                    <label className="checks small">
                      <input
                        type="checkbox"
                        checked={ep.enabled}
                        onChange={(e) =>
                          update.mutate({ endpointId: ep.id, enabled: e.target.checked })
                        }
                      />{" "}
                      enabled
                    </label>
                  </td>
                  <td className="row">
                    <button
                      className="btn btn-sm"
                      type="button"
                      onClick={() => setOpen(open === ep.id ? null : ep.id)}
                    >
                      {open === ep.id ? "Hide log" : "Deliveries"}
                    </button>
                    <button
                      className="btn btn-sm"
                      type="button"
                      onClick={async () => {
                        const ok = await confirm({
                          title: "Rotate this endpoint's secret?",
                          body: "The old one stops verifying at once.",
                          confirmLabel: "Rotate secret",
                          danger: true,
                        });
                        if (ok) rotate.mutate({ endpointId: ep.id });
                      }}
                    >
                      Rotate secret
                    </button>
                    <button
                      className="btn btn-sm btn-danger"
                      type="button"
                      onClick={async () => {
                        const ok = await confirm({
                          title: "Delete this endpoint?",
                          body: `${ep.url} and its delivery log are deleted.`,
                          confirmLabel: "Delete",
                          danger: true,
                        });
                        if (ok) remove.mutate({ endpointId: ep.id });
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <WebhookDeliveries endpointId={open} />}
      <AddEndpointForm
        ready={ready}
        pending={create.isPending}
        serverError={create.error}
        onCreate={(input, done) => create.mutate(input, { onSuccess: done })}
      />
      {(newSecret || error) && (
        <div className="card-body" style={{ paddingTop: 0 }}>
          {error ? (
            <ErrorView error={error} />
          ) : (
            <Alert tone="ok" title="Signing secret">
              Copy it now; it is never shown again:{" "}
              <code data-testid="webhook-secret">{newSecret}</code>
            </Alert>
          )}
        </div>
      )}
    </Card>
  );
}
