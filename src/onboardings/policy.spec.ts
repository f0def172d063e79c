import type { OnboardingPolicy } from '../../workflows/onboarding.types';
import { applyOverrides, parseDays, parseHours, policyOverridesSchema } from './policy';

const D = 86_400_000;
const defaults: OnboardingPolicy = {
  codeValidityMs: 7 * D,
  inviteRemindersMs: [2 * D, 5 * D],
  lastDayReminderMs: D,
  stallReminderMs: D,
  expiredRetentionMs: 30 * D,
  workingHours: { startSec: 9 * 3600, endSec: 17 * 3600, days: [1, 2, 3, 4, 5] },
};

describe('policies', () => {
  it('reads working hours and days as people write them', () => {
    expect(parseHours('08:30-16:45')).toEqual({ startSec: 30_600, endSec: 60_300 });
    expect(parseHours('09:00:05-09:30')).toEqual({ startSec: 32_405, endSec: 34_200 });
    expect(parseHours('17:00-09:00')).toBeNull();
    expect(parseHours('9-17')).toBeNull();
    expect(parseDays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseDays('sun-thu')).toEqual([1, 2, 3, 4, 7]);
    expect(parseDays('Mon,wed,FRI')).toEqual([1, 3, 5]);
    expect(parseDays('weekdays')).toBeNull();
  });

  it('layers the named policy over the defaults and the hire’s own over both', () => {
    const contractor = policyOverridesSchema.parse({
      codeValidity: '3d',
      inviteLeadTime: '5d',
      escalateAfter: '1d',
      workingHours: { hours: '08:00-12:00', days: 'mon-thu' },
    });
    const hire = policyOverridesSchema.parse({ escalateAfter: 'off', codeValidity: '2d' });
    expect(applyOverrides(defaults, contractor, hire)).toEqual({
      ...defaults,
      codeValidityMs: 2 * D,
      inviteLeadTimeMs: 5 * D,
      workingHours: { startSec: 8 * 3600, endSec: 12 * 3600, days: [1, 2, 3, 4] },
    });
    expect(applyOverrides(defaults, { workingHours: 'off' })).not.toHaveProperty('workingHours');
    expect(applyOverrides(defaults, undefined, undefined)).toEqual(defaults);
  });

  it('refuses what it cannot read, naming the field', () => {
    const bad = policyOverridesSchema.safeParse({ inviteLeadTime: 'two weeks', extra: 1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.') || i.code).sort()).toEqual([
      'inviteLeadTime',
      'unrecognized_keys',
    ]);
  });
});
