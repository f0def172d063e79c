import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { paged } from '../database/paged';
import { SCIM_USER_MODEL, type ScimName, type ScimUserLink } from './scim-user.schema';

/** SCIM's filters: each given field must equal (keys lower-cased by the caller). */
export interface ScimMatch {
  userNameKey?: string;
  externalId?: string;
  /** Only these onboardings (an e-mail filter found them). */
  ids?: string[];
}

/** The SCIM names of a client's onboardings; every method takes the client. */
@Injectable()
export class ScimUserRepository {
  constructor(@InjectModel(SCIM_USER_MODEL) private readonly model: Model<ScimUserLink>) {}

  /** Sets the names of onboarding `id` (new, or as the IdP changed them). */
  async save(clientId: string, id: string, names: ScimName): Promise<void> {
    // An attribute the IdP no longer sends is removed.
    const given = Object.entries(names).filter(([, value]) => value !== undefined);
    const unset = (['externalId', 'managerRef'] as const).filter((k) => names[k] === undefined);
    await this.model
      .updateOne(
        { _id: id, clientId },
        { $set: Object.fromEntries(given), $unset: Object.fromEntries(unset.map((k) => [k, 1])) },
        { upsert: true },
      )
      .exec();
  }

  /** The onboarding stays (HR's record of it); only its User is gone. */
  async remove(clientId: string, id: string): Promise<void> {
    await this.model.deleteOne({ _id: id, clientId }).exec();
  }

  get(clientId: string, id: string): Promise<ScimUserLink | null> {
    return this.model.findOne({ _id: id, clientId }).lean<ScimUserLink>().exec();
  }

  /** Oldest first. */
  list(
    clientId: string,
    match: ScimMatch,
    skip: number,
    limit: number,
  ): Promise<{ items: ScimUserLink[]; total: number }> {
    const query: Record<string, unknown> = { clientId };
    if (match.userNameKey !== undefined) query.userNameKey = match.userNameKey;
    if (match.externalId !== undefined) query.externalId = match.externalId;
    if (match.ids !== undefined) query._id = { $in: match.ids };
    return paged(this.model, query, { createdAt: 1, _id: 1 }, { skip, limit });
  }
}
