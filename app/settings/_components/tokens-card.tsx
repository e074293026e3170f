"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfirm } from "@/app/_components/confirm-dialog";
import { ErrorView } from "@/app/_components/error-view";
import { FieldError, invalid, useChecked } from "@/app/_components/field-errors";
import { CheckboxGroup, TextField } from "@/app/_components/form-controls";
import { fmtRelative } from "@/app/_components/format";
import { Alert, Badge, Card, EmptyState, LoadingCard } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { CreateTokenInput } from "@/server/schemas/tokens";

const SCOPES = [
  { value: "read", hint: "read experiments, runs and results" },
  { value: "write", hint: "create experiments and upload datasets" },
  { value: "hooks", hint: "call the training-finished hooks" },
] as const;
type Scope = (typeof SCOPES)[number]["value"];

export function TokensCard() {
  const trpc = useTRPC();
  const confirm = useConfirm();
  const qc = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(["read"]);
  const [days, setDays] = useState("90");

  const input = { name, scopes, ...(days ? { expiresInDays: Number(days) } : {}) };
  const check = useChecked(CreateTokenInput, input, create.error);
  return (
    <Card
      title="API tokens"
      description="For scripts, CI and hooks: send as Authorization: Bearer tb_…. Stored hashed; revocable."
      flush
    >
      {tokens.isPending ? (
        <LoadingCard rows={2} />
      ) : !tokens.data?.length ? (
        <EmptyState title="No tokens yet">Create one below; its secret is shown once.</EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Token</th>
                <th>Scopes</th>
                <th>Owner</th>
                <th>Last used</th>
                <th>Expires</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono small">{t.prefix}…</td>
                  <td className="row">
                    {t.scopes.map((s) => (
                      <Badge key={s} plain>
                        {s}
                      </Badge>
                    ))}
                  </td>
                  <td className="muted">{t.owner}</td>
                  <td className="muted">{t.lastUsedAt ? fmtRelative(t.lastUsedAt) : "never"}</td>
                  <td className="muted">
                    {t.expiresAt ? new Date(t.expiresAt).toLocaleDateString("en-US") : "never"}
                  </td>
                  <td>
                    {t.revokedAt ? (
                      <Badge tone="warn">revoked</Badge>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-sm btn-danger"
                        onClick={async () => {
                          const ok = await confirm({
                            title: `Revoke "${t.name}"?`,
                            body: "Scripts using it stop working at once.",
                            confirmLabel: "Revoke",
                            danger: true,
                          });
                          if (ok) revoke.mutate({ tokenId: t.id });
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form
        className="card-body row"
        style={{ borderTop: "1px solid var(--border)", alignItems: "flex-end" }}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!check.submit()) return;
          create.mutate(input, {
            onSuccess: () => {
              setName("");
              check.reset();
            },
          });
        }}
      >
        <TextField
          id="token-name"
          label="Token name"
          value={name}
          onChange={setName}
          placeholder="e.g. CI pipeline"
          error={check.errors.name}
          style={{ flex: 1, minWidth: 180 }}
        />
        <CheckboxGroup
          id="token-scopes"
          label="Scopes"
          options={SCOPES}
          value={scopes}
          onChange={setScopes}
          error={check.errors.scopes}
        />
        <div className="field" style={{ width: 130 }}>
          <label htmlFor="token-days">Expires in (days)</label>
          <input
            id="token-days"
            className="input"
            type="number"
            min={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            placeholder="never"
            {...invalid("token-days", check.errors.expiresInDays)}
          />
          <FieldError id="token-days" message={check.errors.expiresInDays} />
        </div>
        <button className="btn btn-primary" type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {(create.data || create.error || revoke.error) && (
        <div className="card-body" style={{ paddingTop: 0 }}>
          {create.error || revoke.error ? (
            <ErrorView error={create.error ?? revoke.error} />
          ) : (
            <Alert tone="ok" title={`Token "${create.data!.name}" created`}>
              Copy it now; it is never shown again: <code>{create.data!.secret}</code>
            </Alert>
          )}
        </div>
      )}
    </Card>
  );
}
