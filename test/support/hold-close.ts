import { OnboardingLifecycle } from '../../src/onboardings/onboarding-lifecycle.service';
import { type Harness } from './harness';
import { eventually } from './wait';

export interface HeldClose {
  /** Resolves once the run has come to its close (and, for `after`, closed the record). */
  reached(): Promise<void>;
  /** Lets the close go on, and the run end. */
  release(): void;
  /** Releases, and puts the worker's close back as it was. */
  restore(): void;
}

/**
 * Holds the run's last act, closing one onboarding's record, in the harness's own Temporal
 * worker, as a stalled database would: `before` the record is closed, or `after` it (the record
 * closed, the run not yet ended). Every other onboarding closes as usual.
 */
export function holdClose(h: Harness, onboardingId: string, when: 'before' | 'after'): HeldClose {
  const lifecycle = h.workerContexts.temporal!.get(OnboardingLifecycle);
  const close = lifecycle.closeOnboarding.bind(lifecycle);
  let reached = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const spy = jest.spyOn(lifecycle, 'closeOnboarding').mockImplementation(async (input) => {
    if (input.onboardingId !== onboardingId) return close(input);
    if (when === 'after') await close(input);
    reached = true;
    await released;
    if (when === 'before') await close(input);
  });
  return {
    reached: async () => {
      await eventually('the held close', () => Promise.resolve(reached ? true : undefined));
    },
    release,
    restore: () => {
      release();
      spy.mockRestore();
    },
  };
}
