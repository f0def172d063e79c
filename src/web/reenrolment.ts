import type { Proof, Session, SessionData } from '../sessions/session';

/**
 * After a 2FA reset a new 2FA needs two proofs in this one session: the newly mailed code
 * and the password (either first). One of them alone leads to the other, never further.
 * Returns the page to go to next.
 */
export async function proveForReenrolment(
  session: Session,
  account: { _id: string; locale: NonNullable<SessionData['onboardingLocale']> },
  proof: Proof,
): Promise<string> {
  const { data } = session;
  const before = data.stage === 'reenroll' && data.accountId === account._id ? data.proofs : [];
  const proofs = [...new Set([...(before ?? []), proof])];
  const both = proofs.includes('code') && proofs.includes('password');
  await session.rotate({
    accountId: account._id,
    onboardingLocale: account.locale,
    ...(both ? { stage: 'two_factor_setup' } : { stage: 'reenroll', proofs }),
  });
  if (both) return '/account/2fa';
  if (proof === 'password') session.data.notice = 'reenroll_code';
  return proof === 'code' ? '/login/password' : '/login';
}

/** Which proof a re-enrolling session still lacks, if it is one. */
export function missingProof({ stage, proofs = [] }: SessionData): Proof | undefined {
  if (stage !== 'reenroll') return undefined;
  return proofs.includes('code') ? 'password' : 'code';
}
