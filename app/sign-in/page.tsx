import { redirect } from "next/navigation";
import { getContext } from "@/app/_trpc/server";
import { createCaller } from "@/server/root";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  const status = await createCaller(await getContext()).auth.status();
  // Local single-user mode has no accounts to sign in to: the owner is signed in already.
  if (status.mode === "local" || status.signedIn) redirect("/");
  return (
    <div className="center-page">
      <div className="card" style={{ width: 380 }}>
        <div className="card-body stack">
          <div>
            <h1>{status.signUpOpen ? "Create the admin account" : "Sign in to Tunebench"}</h1>
            <p className="muted" style={{ margin: "4px 0 0" }}>
              {status.signUpOpen
                ? "No accounts exist yet. The first account administers this server; admins add everyone else."
                : "Use the email and password your admin gave you."}
            </p>
          </div>
          <SignInForm signUp={status.signUpOpen} />
        </div>
      </div>
    </div>
  );
}
