import { requestDb } from "@/server/db";
import { handleGenericHook } from "@/server/services/hooks";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// Documented in docs/hooks.md.
export async function POST(req: Request, { params }: { params: Promise<{ project: string }> }) {
  return handleGenericHook(await requestDb(), req, (await params).project);
}
