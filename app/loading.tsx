import { LoadingCard, Skeleton } from "@/app/_components/ui";

export default function Loading() {
  return (
    <div className="stack">
      <Skeleton height={28} width={240} />
      <LoadingCard rows={5} />
    </div>
  );
}
