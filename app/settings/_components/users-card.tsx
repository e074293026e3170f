"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useConfirm } from "@/app/_components/confirm-dialog";
import { ErrorView } from "@/app/_components/error-view";
import { FieldError, invalid, useChecked } from "@/app/_components/field-errors";
import { fmtRelative } from "@/app/_components/format";
import { Alert, Card, LoadingCard } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import { ROLES, type Role } from "@/core/enums";
import { InviteUserInput } from "@/server/schemas/users";

const ROLE_TEXT: Record<Role, { label: string; hint: string }> = {
  admin: { label: "Admin", hint: "everything, including people and tokens" },
  member: { label: "Member", hint: "creates and runs experiments" },
  reviewer: { label: "Reviewer", hint: "reads results and reviews outputs" },
};

export function UsersCard({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const confirm = useConfirm();
  const qc = useQueryClient();
  const ready = useHydrated();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const invite = useMutation(trpc.users.invite.mutationOptions({ onSuccess: refresh }));
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.users.remove.mutationOptions({ onSuccess: refresh }));
  const [form, setForm] = useState<{ name: string; email: string; role: Role }>({
    name: "",
    email: "",
    role: "member",
  });
  const check = useChecked(InviteUserInput, form, invite.error);
  const failure = invite.error ?? setRole.error ?? remove.error;

  return (
    <Card title="People" description="Everyone with access to this project and their role." flush>
      {users.isPending ? (
        <LoadingCard rows={2} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Email</th>
                <th>Role</th>
                <th>Joined</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.name}
                    {u.id === currentUserId && <span className="faint small"> (you)</span>}
                  </td>
                  <td className="muted">{u.email}</td>
                  <td>
                    <select
                      className="select"
                      style={{ width: 130, height: 30 }}
                      value={u.role}
                      aria-label={`Role of ${u.email}`}
                      onChange={(e) =>
                        setRole.mutate({ userId: u.id, role: e.target.value as Role })
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_TEXT[r].label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="muted">{fmtRelative(u.joinedAt)}</td>
                  <td>
                    {u.id !== currentUserId && (
                      <button
                        type="button"
                        className="btn btn-sm btn-danger"
                        onClick={async () => {
                          const ok = await confirm({
                            title: `Remove ${u.email} from the project?`,
                            body: "They lose access at once; what they created stays.",
                            confirmLabel: "Remove",
                            danger: true,
                          });
                          if (ok) remove.mutate({ userId: u.id });
                        }}
                      >
                        Remove
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
        data-ready={ready || undefined}
        className="card-body row"
        style={{ borderTop: "1px solid var(--border)", alignItems: "flex-end" }}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!check.submit()) return;
          invite.mutate(form, {
            onSuccess: () => {
              setForm({ name: "", email: "", role: form.role });
              check.reset();
            },
          });
        }}
      >
        <div className="field" style={{ flex: 1, minWidth: 160 }}>
          <label htmlFor="invite-name">Name</label>
          <input
            id="invite-name"
            className="input"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            {...invalid("invite-name", check.errors.name)}
          />
          <FieldError id="invite-name" message={check.errors.name} />
        </div>
        <div className="field" style={{ flex: 1, minWidth: 200 }}>
          <label htmlFor="invite-email">Email</label>
          <input
            id="invite-email"
            className="input"
            type="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
            {...invalid("invite-email", check.errors.email)}
          />
          <FieldError id="invite-email" message={check.errors.email} />
        </div>
        <div className="field" style={{ width: 150 }}>
          <label htmlFor="invite-role">Role</label>
          <select
            id="invite-role"
            className="select"
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r} title={ROLE_TEXT[r].hint}>
                {ROLE_TEXT[r].label}
              </option>
            ))}
          </select>
        </div>
        <button className="btn btn-primary" type="submit" disabled={!ready || invite.isPending}>
          Add person
        </button>
      </form>
      {(invite.data?.temporaryPassword || failure) && (
        <div className="card-body" style={{ paddingTop: 0 }}>
          {failure ? (
            <ErrorView error={failure} />
          ) : (
            <Alert tone="ok" title={`${invite.data!.email} was added as ${invite.data!.role}`}>
              One-time password (shown only now; pass it on securely):{" "}
              <code data-testid="temporary-password">{invite.data!.temporaryPassword}</code>
            </Alert>
          )}
        </div>
      )}
    </Card>
  );
}
