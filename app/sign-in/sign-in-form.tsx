"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_components/auth-client";
import { Alert } from "@/app/_components/ui";
import { useHydrated } from "@/app/_components/use-hydrated";
import { SETUP_TOKEN_HEADER } from "@/server/schemas/auth";

export function SignInForm({ signUp }: { signUp: boolean }) {
  const router = useRouter();
  const ready = useHydrated();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [setupToken, setSetupToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = signUp
      ? await authClient.signUp.email(
          { name: name || email, email, password },
          { headers: { [SETUP_TOKEN_HEADER]: setupToken.trim() } },
        )
      : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (res.error) {
      setError(
        res.error.status === 401
          ? "Wrong email or password."
          : (res.error.message ?? "Sign-in failed."),
      );
      return;
    }
    router.push("/");
    router.refresh();
  }
  return (
    <form className="stack" onSubmit={submit} data-ready={ready || undefined}>
      {signUp && (
        <div className="field">
          <label htmlFor="name">Name</label>
          <input
            id="name"
            className="input"
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="name"
          />
        </div>
      )}
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          className="input"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="email"
        />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          className="input"
          type="password"
          required
          minLength={8}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete={signUp ? "new-password" : "current-password"}
        />
      </div>
      {signUp && (
        <div className="field">
          <label htmlFor="setup-token">Setup token</label>
          <input
            id="setup-token"
            className="input mono"
            required
            value={setupToken}
            onChange={(e) => setSetupToken(e.target.value)}
            autoComplete="off"
          />
          <span className="hint">
            Printed in the server&apos;s log when it started; only the first account needs it.
          </span>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
      <button className="btn btn-primary" type="submit" disabled={busy || !ready}>
        {busy ? "Please wait…" : signUp ? "Create account" : "Sign in"}
      </button>
    </form>
  );
}
