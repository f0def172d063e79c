export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.onboardingTestStack;
  // Both test projects share one stack: the first teardown stops it.
  globalThis.onboardingTestStack = undefined;
  await stack?.stop();
}
