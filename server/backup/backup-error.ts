/** A backup or restore that cannot go on, with a message that says what to do; the CLI prints it
 *  as is, the REST API answers it as a 409. */
export class BackupError extends Error {
  override readonly name = "BackupError";
}
