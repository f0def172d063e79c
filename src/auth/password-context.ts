import type { PasswordContext } from '../accounts/password-policy';
import type { AppConfig } from '../config/config.schema';

/** Whose password it is: an onboarding's or an account's person. */
export type PasswordOwner = { firstName: string; lastName: string; email: string };

/**
 * What a password must not be built from (the person's data and the brand), and how strict
 * the rules are. `input`: what the person typed next to it (a corrected e-mail, a username).
 */
export function passwordContext(
  config: Pick<AppConfig, 'brand' | 'password'>,
  owner: PasswordOwner,
  input: { email?: string; username?: string } = {},
): PasswordContext {
  return {
    personal: [
      owner.firstName,
      owner.lastName,
      owner.email,
      input.email ?? '',
      input.username ?? '',
      config.brand.name,
      config.brand.portalName,
    ],
    ...config.password,
  };
}
