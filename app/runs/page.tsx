import { Card, PageHeader } from "@/app/_components/ui";
import { getContext } from "@/app/_trpc/server";
import { RunsTable } from "@/app/experiments/_components/runs-table";

export const metadata = { title: "Runs" };

/** Every run of the project across experiments, with the experiment runs table's sort, filters,
 *  grouping, columns, compare and tagging. */
export default async function RunsPage() {
  const { role } = await getContext();
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every run of the project, newest first: sort, filter and group across experiments."
      />
      <Card flush>
        <RunsTable canEdit={role === "admin" || role === "member"} live={false} />
      </Card>
    </>
  );
}
