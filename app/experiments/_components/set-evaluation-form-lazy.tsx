"use client";

import dynamic from "next/dynamic";
import { LoadingCard } from "@/app/_components/ui";

/** The form checks its input with the server's zod schema: loaded only on the pages of
 *  experiments an MLflow client created, where it is shown, so zod stays out of the experiment
 *  page's script everywhere else (bench/scale). */
export const SetEvaluationForm = dynamic(
  () => import("./set-evaluation-form").then((m) => m.SetEvaluationForm),
  { loading: () => <LoadingCard rows={3} /> },
);
