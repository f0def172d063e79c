import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { PASSKEY_MODEL, type PasskeyRecord } from './passkey.schema';

/** An account's passkeys; every change names the account, so one cannot touch another's. */
@Injectable()
export class PasskeyRepository {
  constructor(@InjectModel(PASSKEY_MODEL) private readonly model: Model<PasskeyRecord>) {}

  async add(passkey: PasskeyRecord): Promise<void> {
    await this.model.create(passkey);
  }

  forAccount(accountId: string): Promise<PasskeyRecord[]> {
    return this.model.find({ accountId }).sort({ createdAt: 1 }).lean<PasskeyRecord[]>().exec();
  }

  get(accountId: string, id: string): Promise<PasskeyRecord | null> {
    return this.model.findOne({ _id: id, accountId }).lean<PasskeyRecord>().exec();
  }

  /**
   * Records a sign-in, only if the counter it was verified against is still the stored one:
   * of two sign-ins with one assertion, or a clone racing the original, one wins.
   */
  async recordUse(passkey: PasskeyRecord, counter: number, at: Date): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { _id: passkey._id, accountId: passkey.accountId, counter: passkey.counter },
        { $set: { counter, lastUsedAt: at } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async rename(accountId: string, id: string, name: string): Promise<boolean> {
    const result = await this.model.updateOne({ _id: id, accountId }, { $set: { name } }).exec();
    return result.matchedCount === 1;
  }

  async remove(accountId: string, id: string): Promise<boolean> {
    const result = await this.model.deleteOne({ _id: id, accountId }).exec();
    return result.deletedCount === 1;
  }

  async removeAll(accountId: string): Promise<void> {
    await this.model.deleteMany({ accountId }).exec();
  }
}
