"use client";

import { useState } from "react";
import { FieldError, invalid, useChecked } from "@/app/_components/field-errors";
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
      <div className="field" style={{ flex: 1, minWidth: 240 }}>
        <label htmlFor="webhook-url">Endpoint URL</label>
        <input
          id="webhook-url"
          className="input"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://ci.example.com/tunebench"
          {...invalid("webhook-url", check.errors.url)}
        />
        <FieldError id="webhook-url" message={check.errors.url} />
      </div>
      <div className="field">
        <span className="label">Events</span>
        <div className="checks" style={{ height: 34, alignItems: "center" }}>
          {EVENTS.map((ev) => (
            <label key={ev.value} title={ev.hint}>
              <input
                type="checkbox"
                checked={events.includes(ev.value)}
                onChange={() =>
                  setEvents(
                    events.includes(ev.value)
                      ? events.filter((x) => x !== ev.value)
                      : [...events, ev.value],
                  )
                }
              />{" "}
              {ev.value}
            </label>
          ))}
        </div>
        <FieldError id="webhook-events" message={check.errors.events} />
      </div>
      <button className="btn btn-primary" type="submit" disabled={!ready || pending}>
        Add endpoint
      </button>
    </form>
  );
}
