/** Runs once when the Next server starts. The embedded default keeps PGlite in this process (it is
 *  single-process), so the durable job loop and the daily snapshots must live here too; refusing
 *  an unsafe binding first means a dashboard reachable beyond loopback never starts without
 *  multi-user sign-in. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { assertSafeBinding } = await import("@/server/auth/binding");
  const { stampClientAddresses } = await import("@/server/auth/client-address");
  try {
    assertSafeBinding();
    // Before the first request is routed: sign-in rate limits key on the socket's address.
    stampClientAddresses();
  } catch (e) {
    // Next would log this and keep listening, answering 500s; a refusal should end the process.
    console.error(`\n${(e as Error).message}\n`);
    process.exit(1);
  }
  // A fresh multi-user server's first account needs the setup token this prints.
  const { announceSetupToken } = await import("@/server/auth/setup-token");
  const { getDb } = await import("@/server/db");
  await announceSetupToken(await getDb());
  const { startEmbeddedWorker } = await import("@/server/jobs/embedded");
  await startEmbeddedWorker();
  // PGlite never fsyncs: daily snapshots bound what an OS crash or power cut can cost.
  const { startServerSnapshots } = await import("@/server/backup/start-server-snapshots");
  await startServerSnapshots();
}
