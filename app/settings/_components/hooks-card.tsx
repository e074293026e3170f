"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useConfirm } from "@/app/_components/confirm-dialog";
import { ErrorView } from "@/app/_components/error-view";
import { Alert, Badge, Card, LoadingCard } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import { HOOK_SOURCES, type HookSource, type ProjectSecretName } from "@/core/enums";
import { SecretField } from "./secret-field";

const HOOKS = {
  openai: {
    secret: "hooks.openai",
    title: "OpenAI webhooks",
    how: "Add this URL in the OpenAI dashboard (Webhooks) for fine_tuning.job.succeeded, .failed and .cancelled, then paste the signing secret it shows.",
  },
  sagemaker: {
    secret: "hooks.sagemaker",
    title: "SageMaker (EventBridge API destination)",
    how: "Point an EventBridge API destination at this URL; its connection sends the secret in the X-Tunebench-Hook-Secret header (API key authorisation).",
  },
  generic: {
    secret: "hooks.generic",
    title: "Generic training-finished hook",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shows the signed string's format
    how: "Any other trainer: POST JSON signed with HMAC-SHA256 over `${timestamp}.${body}` (see docs/hooks.md).",
  },
} as const satisfies Record<HookSource, { secret: ProjectSecretName; title: string; how: string }>;

/** Incoming hooks: their URLs and secrets. Generated secrets are shown once, right after
 *  (re)generation. */
export function HooksCard() {
  const trpc = useTRPC();
  const confirm = useConfirm();
  const qc = useQueryClient();
  const hydrated = useHydrated();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
  const rotate = useMutation(trpc.settings.rotateSecret.mutationOptions({ onSuccess: refresh }));
  const toggle = useMutation(trpc.settings.update.mutationOptions({ onSuccess: refresh }));
  const origin = hydrated ? window.location.origin : "";
  return (
    <Card
      title="Incoming hooks"
      description="Start evaluations when training ends elsewhere. Every hook checks a signature or secret, refuses stale or oversized deliveries, and handles a delivery once however often it arrives."
    >
      {settings.isPending ? (
        <LoadingCard rows={3} />
      ) : settings.error ? (
        <ErrorView error={settings.error} />
      ) : (
        <div className="stack">
          <label className="checks">
            <input
              type="checkbox"
              checked={settings.data.hooksEnabled}
              disabled={toggle.isPending}
              onChange={(e) => toggle.mutate({ hooksEnabled: e.target.checked })}
            />
            Accept incoming hooks for this project (off: every hook answers 404; secrets are kept)
          </label>
          {HOOK_SOURCES.map((source) => {
            const h = HOOKS[source];
            const secret = settings.data.secrets.find((s) => s.name === h.secret)!;
            const shown =
              rotate.data && rotate.variables?.name === h.secret ? rotate.data.secret : null;
            return (
              <section key={source} className="stack" aria-label={h.title}>
                <div className="spread">
                  <strong>{h.title}</strong>
                  {!secret.set ? (
                    <Badge>off until a secret is set</Badge>
                  ) : settings.data.hooksEnabled ? (
                    <Badge tone="ok">enabled · {secret.hint}</Badge>
                  ) : (
                    <Badge tone="warn">switched off · {secret.hint}</Badge>
                  )}
                </div>
                <code className="mono small">
                  {origin}/api/hooks/{source}/{settings.data.project.slug}
                </code>
                <p className="muted small">{h.how}</p>
                {h.secret === "hooks.openai" ? (
                  <SecretField
                    name="hooks.openai"
                    label="OpenAI webhook signing secret"
                    placeholder="whsec_…"
                    secret={secret}
                  />
                ) : (
                  <div className="row">
                    <button
                      className="btn btn-sm"
                      type="button"
                      disabled={rotate.isPending}
                      onClick={async () => {
                        const ok =
                          !secret.set ||
                          (await confirm({
                            title: "Generate a new secret?",
                            body: "The old one stops working at once; update the sender's copy.",
                            confirmLabel: "Rotate secret",
                            danger: true,
                          }));
                        if (ok) rotate.mutate({ name: h.secret });
                      }}
                    >
                      {secret.set ? "Rotate secret" : "Generate secret"}
                    </button>
                  </div>
                )}
                {shown && (
                  <Alert tone="ok" title="New secret">
                    Copy it now; it is never shown again:{" "}
                    <code data-testid={`secret-${source}`}>{shown}</code>
                  </Alert>
                )}
              </section>
            );
          })}
          {(rotate.error || toggle.error) && <ErrorView error={rotate.error ?? toggle.error} />}
        </div>
      )}
    </Card>
  );
}
