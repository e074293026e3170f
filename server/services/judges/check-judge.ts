import { checkTemplate } from "@/evals";
import { badRequest } from "@/server/errors";
import { type JudgeSettings, templateMode } from "@/server/schemas/judges";

/**
 * What the judge schema leaves to the server: a custom template's placeholders (evals'
 * checkTemplate). A problem is a 400 on "template.text" whose message names the placeholder and
 * its line; `details.issues` carries each with its path for forms.
 */
export function checkJudgeSettings(settings: JudgeSettings) {
  const t = settings.template;
  if (t.kind !== "custom") return;
  const issues = checkTemplate(t.text, templateMode(t));
  if (issues.length)
    throw badRequest(`template.text: ${issues.map((i) => i.message).join("; ")}`, {
      issues: issues.map((i) => ({ path: ["template", "text"], message: i.message })),
    });
}
