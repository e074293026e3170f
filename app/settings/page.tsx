import { Alert, PageHeader } from "@/app/_components/ui";
import { api, getContext, HydrateClient, load, prefetch, trpc } from "@/app/_trpc/server";
import { getAuthMode } from "@/server/auth/mode";
import { BackendsCard } from "./_components/backends-card";
import { HooksCard } from "./_components/hooks-card";
import { JudgesCard } from "./_components/judges/judges-card";
import { TokensCard } from "./_components/tokens-card";
import { UsersCard } from "./_components/users-card";
import { WebhooksCard } from "./_components/webhooks-card";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  await load(api);
  const ctx = await getContext();
  const isAdmin = ctx.role === "admin";
  const multi = getAuthMode() === "multi";
  if (isAdmin) {
    prefetch(trpc.users.list.queryOptions());
    prefetch(trpc.settings.get.queryOptions());
    prefetch(trpc.webhooks.list.queryOptions());
  }
  const reviewer = ctx.role === "reviewer";
  if (!reviewer) {
    prefetch(trpc.tokens.list.queryOptions());
    prefetch(trpc.judges.list.queryOptions());
  }
  return (
    <HydrateClient>
      <PageHeader
        title="Settings"
        description={
          isAdmin
            ? "People, roles, API tokens, training backends, judges and hooks for this project."
            : reviewer
              ? "Your account on this server."
              : "Your API tokens and the project's judges."
        }
      />
      <div className="stack">
        {!multi && (
          <Alert tone="info" title="Local single-user mode">
            This server listens on loopback and signs you in as its owner. Start it with{" "}
            <code>TUNEBENCH_AUTH=multi</code> to give other people accounts with their own roles.
          </Alert>
        )}
        {isAdmin && multi && <UsersCard currentUserId={ctx.user?.id ?? ""} />}
        {reviewer ? (
          <Alert tone="info" title="API tokens">
            Reviewers work their queue in the browser; API tokens are for admins and members.
          </Alert>
        ) : (
          <TokensCard />
        )}
        {isAdmin && <BackendsCard />}
        {!reviewer && <JudgesCard isAdmin={isAdmin} />}
        {isAdmin && <HooksCard />}
        {isAdmin && <WebhooksCard />}
      </div>
    </HydrateClient>
  );
}
