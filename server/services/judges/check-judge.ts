import { checkTemplate } from "@/evals";
import { badRequest } from "@/server/errors";
import { type JudgeSettings, templateMode } from "@/server/schemas/judges";

const PRICED_LOCAL =
  "pricing: a local judge runs on the worker and has no price; give pricing to an OpenAI-compatible judge";

/**
 * What the judge schema leaves to the server: a custom template's placeholders (evals'
 * checkTemplate), and a price only where calls cost money. A problem is a 400 naming the field
 * (and a placeholder's line); `details.issues` carries each with its path for forms.
 */
export function checkJudgeSettings(settings: JudgeSettings) {
  if (settings.pricing && settings.provider === "local")
    throw badRequest(PRICED_LOCAL, { issues: [{ path: ["pricing"], message: PRICED_LOCAL }] });
  const t = settings.template;
  if (t.kind !== "custom") return;
  const issues = checkTemplate(t.text, templateMode(t));
  if (issues.length)
    throw badRequest(`template.text: ${issues.map((i) => i.message).join("; ")}`, {
      issues: issues.map((i) => ({ path: ["template", "text"], message: i.message })),
    });
}
