"use client";

import { useRouter } from "next/navigation";
import { Card } from "@/app/_components/ui";
import { DatasetUpload } from "./dataset-upload";

export function DatasetUploadCard() {
  const router = useRouter();
  return (
    <Card
      title="Upload a dataset"
      description="JSONL in the OpenAI chat format or prompt/completion pairs."
    >
      <DatasetUpload onUploaded={() => router.refresh()} />
    </Card>
  );
}
