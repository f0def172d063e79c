/**
 * Every released version of the workflow code, each with the histories recorded on it in
 * `histories/<release>/` (`npm run histories:record` writes the release in package.json).
 *
 * `replays: 'current'`: the current code must replay them, because onboardings of that release
 * may still run on today's workers (a bug fix moved to them, or Worker Versioning off).
 * `replays: 'own-release'`: a later release changed the workflow without `patched()`, so that
 * release's onboardings stay pinned to its own workers until they drain; its histories are kept
 * as the record of what ran, and no longer replayed on the current code.
 */
export const releases: { release: string; replays: 'current' | 'own-release' }[] = [
  { release: '0.1.0', replays: 'current' },
  // A step's activity stores its transition too (patch `transition-with-step`).
  { release: '0.2.0', replays: 'current' },
  // Runs carry their onboarding in the memo; a closing run's validators refuse every update.
  { release: '0.3.0', replays: 'current' },
];
