// Bundled by the bench's own Temporal worker: the least a workflow can be.

/** What starting this costs is the floor the intake webhook is compared with. */
export function emptyWorkflow(): Promise<void> {
  return Promise.resolve();
}
