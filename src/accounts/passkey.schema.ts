import { Schema } from 'mongoose';

export const PASSKEY_MODEL = 'Passkey';

/**
 * One WebAuthn credential of an account. Its own collection, not an array on the account: a
 * sign-in updates one credential's counter with a plain conditional update, which MongoDB and
 * FerretDB both support (FerretDB has no positional `$` update).
 */
export interface PasskeyRecord {
  /** The credential id, base64url. */
  _id: string;
  accountId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** The authenticator's signature counter; a sign-in with one not above it is refused. */
  counter: number;
  transports: string[];
  aaguid: string;
  /** The employee's own name for it. */
  name: string;
  /** Synced passkey (multi-device) or bound to one authenticator. */
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export const PasskeySchema = new Schema<PasskeyRecord>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    publicKey: { type: String, required: true },
    counter: { type: Number, required: true },
    transports: { type: [String], default: [] },
    aaguid: { type: String, required: true },
    name: { type: String, required: true },
    backedUp: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
  },
  { collection: 'passkeys', versionKey: false },
);

PasskeySchema.index({ accountId: 1 });
