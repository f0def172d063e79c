import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKey } from '../database/duplicate-key';
import { ACCOUNT_MODEL, AccountRecord, ENROLLING, type EmailChange } from './account.schema';

export class UsernameTakenError extends Error {
  constructor(readonly username: string) {
    super(`the username "${username}" is taken`);
    this.name = 'UsernameTakenError';
  }
}

export type NewAccount = Pick<
  AccountRecord,
  | '_id'
  | 'clientId'
  | 'employeeId'
  | 'username'
  | 'email'
  | 'firstName'
  | 'lastName'
  | 'locale'
  | 'passwordHash'
>;

export function usernameKeyOf(username: string): string {
  return username.toLowerCase();
}

@Injectable()
export class AccountRepository {
  constructor(@InjectModel(ACCOUNT_MODEL) private readonly model: Model<AccountRecord>) {}

  /**
   * Creates the account, or replaces the credentials of the same onboarding's unfinished one
   * (a retried activity, or a second try after a lost session). Usernames are unique.
   */
  async saveCredentials(account: NewAccount): Promise<void> {
    const usernameKey = usernameKeyOf(account.username);
    try {
      await this.model
        .updateOne(
          { _id: account._id, status: 'pending_2fa' },
          {
            $set: { ...account, email: account.email.toLowerCase(), usernameKey },
            $setOnInsert: { status: 'pending_2fa', totpLastStep: 0, recoveryCodeHashes: [] },
          },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      if (isDuplicateKey(error)) throw new UsernameTakenError(account.username);
      throw error;
    }
  }

  get(id: string): Promise<AccountRecord | null> {
    return this.model.findById(id).lean<AccountRecord>().exec();
  }

  findByUsername(username: string): Promise<AccountRecord | null> {
    return this.model
      .findOne({ usernameKey: usernameKeyOf(username) })
      .lean<AccountRecord>()
      .exec();
  }

  /**
   * Stores a verified TOTP secret and the step of the code that verified it, while the account
   * waits for its 2FA; false when it does not (active already) or the step was used.
   */
  async enrolTotp(id: string, sealed: string, step: number): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, status: { $in: ENROLLING }, totpLastStep: { $lt: step } },
        { $set: { totpSecretSealed: sealed, totpLastStep: step } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /**
   * Accepts TOTP time step `step` only if it is newer than the last one accepted, atomically,
   * so the same code can never be used twice, even by two requests at once.
   */
  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const result = await this.model
      .updateOne({ _id: id, totpLastStep: { $lt: step } }, { $set: { totpLastStep: step } })
      .exec();
    return result.modifiedCount === 1;
  }

  /**
   * An active account's new authenticator, verified by a code of time step `step`: the old
   * secret stops working, and replays are counted from the new one's code on.
   */
  async replaceTotp(id: string, sealed: string, step: number): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, status: 'active' },
        { $set: { totpSecretSealed: sealed, totpLastStep: step } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async activate(id: string): Promise<void> {
    await this.model
      .updateOne({ _id: id, status: { $in: ENROLLING } }, { $set: { status: 'active' } })
      .exec();
  }

  async setRecoveryCodes(id: string, hashes: string[]): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { recoveryCodeHashes: hashes } }).exec();
  }

  /**
   * Counts a failed login of the account with this username key, unless it is locked. From the
   * third on, the account waits a little longer each time (slowing guessing down); at `max`
   * it locks for `lockMs`. An unknown or locked username costs the same single lookup.
   */
  async recordFailedLogin(
    usernameKey: string,
    max: number,
    lockMs: number,
    now: Date,
  ): Promise<{ until?: Date; locked: boolean }> {
    const updated = await this.model
      .findOneAndUpdate(
        {
          usernameKey,
          $or: [{ lockedUntil: { $exists: false } }, { lockedUntil: { $lte: now } }],
        },
        { $inc: { failedLogins: 1 } },
        { returnDocument: 'after' },
      )
      .lean<AccountRecord>()
      .exec();
    if (!updated) return { locked: false };
    const n = updated.failedLogins;
    const locked = n >= max;
    const waitMs = locked ? lockMs : n >= 3 ? Math.min(2 ** (n - 3) * 1000, 30_000) : 0;
    if (waitMs === 0) return { locked };
    const until = new Date(now.getTime() + waitMs);
    await this.model
      .updateOne(
        { _id: updated._id },
        { $set: { lockedUntil: until, ...(locked ? { failedLogins: 0 } : {}) } },
      )
      .exec();
    return { until, locked };
  }

  async resetFailedLogins(id: string): Promise<void> {
    await this.model
      .updateOne({ _id: id }, { $set: { failedLogins: 0 }, $unset: { lockedUntil: 1 } })
      .exec();
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { passwordHash } }).exec();
  }

  /** Uses up a recovery code (stored hashed); false when it is not (or no longer) there. */
  async consumeRecoveryCode(id: string, codeHash: string): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, recoveryCodeHashes: codeHash },
        { $pull: { recoveryCodeHashes: codeHash } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  findByEmail(email: string): Promise<AccountRecord | null> {
    return this.model.findOne({ email: email.toLowerCase() }).lean<AccountRecord>().exec();
  }

  /** Ops reset 2FA: the secret and recovery codes go; the account waits for a new 2FA. */
  async resetTwoFactor(id: string): Promise<void> {
    await this.model
      .updateOne(
        { _id: id },
        {
          $set: {
            status: 'reenrolling',
            totpSecretSealed: null,
            totpLastStep: 0,
            recoveryCodeHashes: [],
          },
        },
      )
      .exec();
  }

  /** The address mails go to, changed once the new one proved to be the employee's. */
  async changeEmail(id: string, change: EmailChange): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: id, email: change.from },
        { $set: { email: change.to.toLowerCase() }, $push: { emailChanges: change } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** Removes an account that never finished (the offer was withdrawn). */
  async removeUnfinished(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id, status: 'pending_2fa' }).exec();
  }
}
