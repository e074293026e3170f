"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ErrorView } from "@/app/_components/error-view";
import { FieldError, invalid, useChecked } from "@/app/_components/field-errors";
import { Alert, Card, LoadingCard } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { useTRPC } from "@/app/_trpc/client";
import { UpdateSettingsInput } from "@/server/schemas/settings";
import { SecretField } from "./secret-field";

type SageMakerForm = {
  roleArn: string;
  bucket: string;
  region: string;
  instanceType: string;
  spot: boolean;
};
type OpenAIForm = {
  baseUrl: string;
  azureEndpoint: string;
  azureDeployment: string;
  azureApiVersion: string;
};
type Settings = { sagemaker: Partial<SageMakerForm>; openai: Partial<OpenAIForm> };

/** SageMaker and OpenAI settings of this project; each field left empty falls back to the server's environment. */
export function BackendsCard() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  return (
    <Card
      title="Training backends"
      description="This project's SageMaker and OpenAI settings. Empty fields use the server's environment (TUNEBENCH_SAGEMAKER_*, OPENAI_*)."
    >
      {settings.isPending ? (
        <LoadingCard rows={3} />
      ) : settings.error ? (
        <ErrorView error={settings.error} />
      ) : (
        <BackendsForm
          key={JSON.stringify([settings.data.sagemaker, settings.data.openai])}
          initial={settings.data}
          apiKey={settings.data.secrets.find((s) => s.name === "openai.apiKey")!}
        />
      )}
    </Card>
  );
}

function BackendsForm({
  initial,
  apiKey,
}: {
  initial: Settings;
  apiKey: { set: boolean; hint: string | null };
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const ready = useHydrated();
  const [sm, setSm] = useState<SageMakerForm>({
    roleArn: "",
    bucket: "",
    region: "",
    instanceType: "",
    spot: false,
    ...initial.sagemaker,
  });
  const [oa, setOa] = useState<OpenAIForm>({
    baseUrl: "",
    azureEndpoint: "",
    azureDeployment: "",
    azureApiVersion: "",
    ...initial.openai,
  });
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.settings.get.queryKey() }),
    }),
  );
  // Empty fields are sent as "" and stored as unset (the schema maps "" to undefined).
  const check = useChecked(UpdateSettingsInput, { sagemaker: sm, openai: oa }, update.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (check.submit()) update.mutate({ sagemaker: sm, openai: oa });
  };
  const field = (
    id: string,
    label: string,
    placeholder: string,
    value: string,
    onChange: (v: string) => void,
    error: string | undefined,
  ) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        {...invalid(id, error)}
      />
      <FieldError id={id} message={error} />
    </div>
  );
  const smText = (key: Exclude<keyof SageMakerForm, "spot">, label: string, placeholder: string) =>
    field(
      `backend-sm-${key}`,
      label,
      placeholder,
      sm[key],
      (v) => setSm({ ...sm, [key]: v }),
      check.errors[`sagemaker.${key}`],
    );
  const oaText = (key: keyof OpenAIForm, label: string, placeholder: string) =>
    field(
      `backend-oa-${key}`,
      label,
      placeholder,
      oa[key],
      (v) => setOa({ ...oa, [key]: v }),
      check.errors[`openai.${key}`],
    );
  return (
    <div className="stack">
      <form
        className="stack"
        onSubmit={submit}
        data-ready={ready || undefined}
        aria-label="Backend settings"
      >
        <h3 className="small">AWS SageMaker</h3>
        <div className="grid-2">
          {smText("roleArn", "Execution role ARN", "arn:aws:iam::123456789012:role/SageMakerRole")}
          {smText("bucket", "S3 bucket", "my-tunebench-bucket")}
          {smText("region", "Region", "us-east-1")}
          {smText("instanceType", "Instance type", "ml.g5.2xlarge")}
        </div>
        <label className="checks">
          <input
            type="checkbox"
            checked={sm.spot}
            onChange={(e) => setSm({ ...sm, spot: e.target.checked })}
          />{" "}
          Managed spot training (resumes from checkpoints)
        </label>
        <h3 className="small">OpenAI</h3>
        <div className="grid-2">
          {oaText("baseUrl", "Base URL (OpenAI-compatible service)", "https://api.openai.com/v1")}
          {oaText("azureEndpoint", "Azure OpenAI endpoint", "https://my-resource.openai.azure.com")}
          {oaText("azureDeployment", "Azure deployment of the base model", "gpt-4o-mini")}
          {oaText("azureApiVersion", "Azure API version", "2025-04-01-preview")}
        </div>
        <div className="row">
          <button className="btn btn-primary" type="submit" disabled={!ready || update.isPending}>
            Save backend settings
          </button>
          {update.isSuccess && <span className="muted small">Saved.</span>}
        </div>
        {update.error && <ErrorView error={update.error} />}
      </form>
      <SecretField name="openai.apiKey" label="OpenAI API key" placeholder="sk-…" secret={apiKey} />
      <Alert tone="info" title="Credentials for AWS">
        AWS credentials never go here: the server finds them through the AWS SDK's default provider
        chain (environment, SSO profile, instance or container role).
      </Alert>
    </div>
  );
}
