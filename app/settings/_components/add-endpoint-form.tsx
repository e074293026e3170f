"use client";

import { useState } from "react";
import { useChecked } from "@/app/_components/field-errors";
import { CheckboxGroup, TextField } from "@/app/_components/form-controls";
import { CreateEndpointInput } from "@/server/schemas/webhooks";

const EVENTS = [
  { value: "run.succeeded", hint: "a run finished training" },
  { value: "run.failed", hint: "a run failed (training or evaluation)" },
  { value: "eval.completed", hint: "a run's evaluation is stored, with its scores" },
  { value: "gate.failed", hint: "an evaluated run failed a regression gate" },
] as const;
type EventType = (typeof EVENTS)[number]["value"];

/** The form that adds an outgoing webhook endpoint, checked with webhooks.create's schema. */
export function AddEndpointForm({
  ready,
  pending,
  serverError,
  onCreate,
}: {
  ready: boolean;
  pending: boolean;
  serverError: { message?: string } | null;
  onCreate: (input: { url: string; events: EventType[] }, done: () => void) => void;
}) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<EventType[]>(["eval.completed", "gate.failed"]);
  const check = useChecked(CreateEndpointInput, { url, events }, serverError);
  return (
    <form
      className="card-body row"
      style={{ borderTop: "1px solid var(--border)", alignItems: "flex-end" }}
      data-ready={ready || undefined}
      aria-label="Add webhook endpoint"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!check.submit()) return;
        onCreate({ url, events }, () => {
          setUrl("");
          check.reset();
        });
      }}
    >
      <TextField
        id="webhook-url"
        label="Endpoint URL"
        value={url}
        onChange={setUrl}
        placeholder="https://ci.example.com/tunebench"
        error={check.errors.url}
        style={{ flex: 1, minWidth: 240 }}
      />
      <CheckboxGroup
        id="webhook-events"
        label="Events"
        options={EVENTS}
        value={events}
        onChange={setEvents}
        error={check.errors.events}
      />
      <button className="btn btn-primary" type="submit" disabled={!ready || pending}>
        Add endpoint
      </button>
    </form>
  );
}
