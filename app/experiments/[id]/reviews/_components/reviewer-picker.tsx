"use client";

import { useQuery } from "@tanstack/react-query";
import { LoadingCard } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";

/** The project's people as checkboxes (users.list is open to admins and members, who run
 *  campaigns). */
export function ReviewerPicker({
  canManage,
  value,
  onChange,
  exclude = [],
}: {
  canManage: boolean;
  value: string[];
  onChange: (ids: string[]) => void;
  exclude?: string[];
}) {
  const trpc = useTRPC();
  const users = useQuery({ ...trpc.users.list.queryOptions(), enabled: canManage });
  if (!canManage) return null;
  if (!users.data) return <LoadingCard rows={1} />;
  // Reviewers first, then members, then admins: the usual pick is at the top.
  const order = { reviewer: 0, member: 1, admin: 2 } as Record<string, number>;
  const people = users.data
    .filter((u) => !exclude.includes(u.id))
    .sort((a, b) => (order[a.role] ?? 3) - (order[b.role] ?? 3));
  if (people.length === 0)
    return (
      <span className="faint small">
        Everyone in the project is already assigned. Add people in Settings.
      </span>
    );
  const toggle = (id: string) =>
    onChange(value.includes(id) ? value.filter((v) => v !== id) : [...value, id]);
  return (
    <fieldset className="checks" aria-label="Reviewers">
      {people.map((u) => (
        <label key={u.id}>
          <input
            type="checkbox"
            checked={value.includes(u.id)}
            onChange={() => toggle(u.id)}
            aria-label={`Reviewer ${u.email}`}
          />
          {u.name || u.email}{" "}
          <span className="faint small">
            {u.email} · {u.role}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
