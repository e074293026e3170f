"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { FieldError, invalid, useChecked } from "@/app/_components/field-errors";
import { fmtRelative } from "@/app/_components/format";
import { Badge } from "@/app/_components/ui";
import { useTRPC } from "@/app/_trpc/client";
import { SetSecretInput } from "@/server/schemas/settings";

/** A secret a person pastes in. Once stored it is never sent back: only whether it is set and a masked hint. */
export function SecretField(props: {
  name: "openai.apiKey" | "hooks.openai";
  label: string;
  placeholder: string;
  secret: { set: boolean; hint: string | null; updatedAt?: Date | string | null };
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
  const set = useMutation(trpc.settings.setSecret.mutationOptions({ onSuccess: refresh }));
  const clear = useMutation(trpc.settings.clearSecret.mutationOptions({ onSuccess: refresh }));
  const [value, setValue] = useState("");
  const id = `secret-${props.name}`;
  const check = useChecked(SetSecretInput, { name: props.name, value }, set.error);
  return (
    <form
      className="row"
      style={{ alignItems: "flex-end" }}
      onSubmit={(e) => {
        e.preventDefault();
        if (!check.submit()) return;
        set.mutate(
          { name: props.name, value },
          {
            onSuccess: () => {
              setValue("");
              check.reset();
            },
          },
        );
      }}
    >
      <div className="field" style={{ flex: 1, minWidth: 220 }}>
        <label htmlFor={id}>{props.label}</label>
        <input
          id={id}
          className="input mono"
          type="password"
          autoComplete="off"
          value={value}
          placeholder={props.secret.set ? `stored: ${props.secret.hint}` : props.placeholder}
          onChange={(e) => setValue(e.target.value)}
          {...invalid(id, check.errors.value)}
        />
        <FieldError id={id} message={check.errors.value} />
      </div>
      {props.secret.set ? (
        <Badge
          tone="ok"
          title={props.secret.updatedAt ? `set ${fmtRelative(props.secret.updatedAt)}` : undefined}
        >
          set · {props.secret.hint}
        </Badge>
      ) : (
        <Badge>not set</Badge>
      )}
      <button className="btn" type="submit" disabled={!value.trim() || set.isPending}>
        {props.secret.set ? "Replace" : "Save"}
      </button>
      {props.secret.set && (
        <button
          className="btn btn-danger btn-sm"
          type="button"
          onClick={() => clear.mutate({ name: props.name })}
        >
          Remove
        </button>
      )}
      {(set.error || clear.error) && (
        <div style={{ flexBasis: "100%" }}>
          <ErrorView error={set.error ?? clear.error} />
        </div>
      )}
    </form>
  );
}
