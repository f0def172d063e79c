import { verify } from 'otplib/functional';

const TOTP_PERIOD_SECONDS = 30;

/** Recovery codes are accepted in any case, with or without the dash. */
export function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** The time step a 6-digit code belongs to, allowing one step of clock drift either way. */
export async function verifiedTimeStep(secret: string, token: string): Promise<number | null> {
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epochTolerance: TOTP_PERIOD_SECONDS });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
