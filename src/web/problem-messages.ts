import { Logger } from '@nestjs/common';
import { ActivationError } from '../activation/activation.errors';
import { AuthError } from '../auth/auth.errors';
import type { BrandConfig } from '../config/config.schema';
import { isDependencyDown } from '../http/dependency-down';
import { OnboardingRejectedError } from '../onboardings/onboarding-rejections';
import { PasskeyError } from '../passkeys/passkey.errors';
import { formatDate, type Locale, type Translate } from '../i18n/i18n';

const logger = new Logger('WebPages');

/** A lockout's end as a short time of day in the brand's time zone. */
export function clockTime(at: Date, locale: Locale, timeZone: string): string {
  return formatDate(locale, at, { timeStyle: 'short', timeZone });
}

/** A refusal from the workflow or a service, as a friendly sentence in the page's language. */
export function problemMessage(
  error: unknown,
  t: Translate,
  locale: Locale,
  brand: BrandConfig,
): string {
  if (error instanceof OnboardingRejectedError) return t(error.rejection, { brand: brand.name });
  if (error instanceof ActivationError) return t(error.problem, { brand: brand.name });
  if (error instanceof PasskeyError) return t(error.problem);
  if (error instanceof AuthError) {
    const time = error.until ? clockTime(error.until, locale, brand.timeZone) : '';
    const key = error.problem === 'invalid_login' && error.until ? 'locked' : error.problem;
    return t(key, { time });
  }
  // A database, Redis or Temporal restart: nothing is lost, trying again soon works.
  if (isDependencyDown(error)) {
    logger.warn(error instanceof Error ? error.message : String(error));
    return t('unavailable');
  }
  // Anything else is our fault: logged for us, a plain apology for the employee.
  logger.error(error instanceof Error ? error.stack : String(error));
  return t('server_error');
}
