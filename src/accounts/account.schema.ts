import { Schema } from 'mongoose';
import { type Locale, LOCALES } from '../i18n/i18n';

export const ACCOUNT_MODEL = 'Account';

/**
 * `pending_2fa`: credentials set, 2FA not yet; `reenrolling`: was active, ops reset its 2FA
 * (a new one needs the password and a newly mailed code); `active`.
 */
export type AccountStatus = 'pending_2fa' | 'reenrolling' | 'active';

/** The statuses in which a 2FA method may be enrolled. */
export const ENROLLING: AccountStatus[] = ['pending_2fa', 'reenrolling'];

/** A change of the address mails go to, verified at the new address. */
export interface EmailChange {
  from: string;
  to: string;
  requestedAt: Date;
  verifiedAt: Date;
}

/** The employee's login, created when credentials are set. Secrets only hashed or encrypted. */
export interface AccountRecord {
  /** The onboarding that created it. */
  _id: string;
  clientId: string;
  employeeId: string;
  username: string;
  /** Lower-case username: unique, so usernames are unique regardless of case. */
  usernameKey: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: Locale;
  passwordHash: string;
  status: AccountStatus;
  /** AES-256-GCM, sealed by SecretBox with the account id as associated data. */
  totpSecretSealed: string | null;
  /** The last accepted TOTP time step: a code is never accepted twice. */
  totpLastStep: number;
  recoveryCodeHashes: string[];
  failedLogins: number;
  lockedUntil?: Date;
  emailChanges: EmailChange[];
  createdAt: Date;
  updatedAt: Date;
}

export const AccountSchema = new Schema<AccountRecord>(
  {
    _id: { type: String, required: true },
    clientId: { type: String, required: true },
    employeeId: { type: String, required: true },
    username: { type: String, required: true },
    usernameKey: { type: String, required: true },
    email: { type: String, required: true },
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    locale: { type: String, enum: LOCALES, required: true },
    passwordHash: { type: String, required: true },
    status: { type: String, enum: ['pending_2fa', 'reenrolling', 'active'], required: true },
    totpSecretSealed: { type: String, default: null },
    totpLastStep: { type: Number, default: 0 },
    recoveryCodeHashes: { type: [String], default: [] },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: Date,
    emailChanges: {
      type: [
        new Schema<EmailChange>(
          { from: String, to: String, requestedAt: Date, verifiedAt: Date },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { collection: 'accounts', timestamps: true, versionKey: false },
);

AccountSchema.index({ usernameKey: 1 }, { unique: true });
