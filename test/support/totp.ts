import { generateSync } from 'otplib/functional';

/** What the employee's authenticator app shows for `secret`, `offsetSteps` periods from now. */
export function totpNow(secret: string, offsetSteps = 0): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}
