"use client";

import { useRouter } from "next/navigation";
import { Card } from "@/app/_components/ui";
import { DatasetUpload } from "./dataset-upload";

export function DatasetUploadCard() {
  const router = useRouter();
  return (
    <Card
      title="Upload a dataset"
      description="JSONL in the OpenAI chat format, prompt/completion pairs, or OpenAI's preference format (input, preferred_output, non_preferred_output) for DPO; detected from the first line."
    >
      <DatasetUpload onUploaded={() => router.refresh()} />
    </Card>
  );
}
