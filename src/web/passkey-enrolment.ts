import type { WebRequest } from './session.middleware';

/** How long proving both factors on the security page lets the session add a passkey. */
const PASSKEY_ENROL_MS = 5 * 60_000;

/** Both factors were just proven: for a few minutes, this session may add a passkey. */
export function allowPasskeyAdd(req: WebRequest, now = Date.now()): void {
  req.session.data.passkeyEnrolUntil = now + PASSKEY_ENROL_MS;
}

export function mayAddPasskey(req: WebRequest, now = Date.now()): boolean {
  return (req.session.data.passkeyEnrolUntil ?? 0) > now;
}
