import Link from "next/link";
import type { Ctx } from "@/server/ctx";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { Badge } from "./ui";

export function TopBar({ ctx }: { ctx: Ctx | null }) {
  const user = ctx?.user;
  return (
    <header className="topbar">
      <Link href="/" className="brand">
        <span className="brand-mark" aria-hidden />
        Tunebench
      </Link>
      {user ? <NavLinks role={ctx.role} /> : <div style={{ flex: 1 }} />}
      {user && (
        <div className="viewer" data-testid="viewer">
          <span>{user.name || user.email}</span>
          {ctx.role && (
            <Badge plain tone={ctx.role === "admin" ? "accent" : "neutral"}>
              {ctx.role}
            </Badge>
          )}
          {ctx.via === "session" && <SignOutButton />}
        </div>
      )}
    </header>
  );
}
