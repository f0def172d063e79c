import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PENDING } from '../../workflows/onboarding.rules';
import type { OnboardingStatus } from '../../workflows/onboarding.types';
import { ONBOARDING_MODEL, OnboardingRecord } from './onboarding.schema';

/**
 * The questions the metrics ask of the onboardings when Prometheus scrapes: counts and ages
 * across all of them, read-only, apart from the records' own reads and writes.
 */
@Injectable()
export class OnboardingStats {
  constructor(@InjectModel(ONBOARDING_MODEL) private readonly model: Model<OnboardingRecord>) {}

  /** How many onboardings each HR client has in each status (for the metrics). */
  async countByClientAndStatus(): Promise<{ client: string; status: string; count: number }[]> {
    // $group with $sum only: what FerretDB supports too.
    const groups = await this.model
      .aggregate<{ _id: { client: string; status: string }; count: number }>([
        { $group: { _id: { client: '$clientId', status: '$status' }, count: { $sum: 1 } } },
      ])
      .exec();
    return groups.map((g) => ({ client: g._id.client, status: g._id.status, count: g.count }));
  }

  // The metrics' scrape-time questions that a counter cannot answer, each one query per step
  // and HR client on an index: (status, clientId, stepSince) answers the oldest from its first
  // entry; the expiring count reads the (status, clientId) part; (status, inviteAt) the invite.

  /** Per pending step and HR client, when its longest-waiting onboarding entered that step. */
  async oldestInStep(
    clients: readonly string[],
  ): Promise<{ status: OnboardingStatus; client: string; since: Date }[]> {
    const pairs = PENDING.flatMap((status) => clients.map((client) => ({ status, client })));
    const found = await Promise.all(
      pairs.map(async ({ status, client }) => {
        const oldest = await this.model
          .findOne({ status, clientId: client }, { stepSince: 1 })
          .sort({ stepSince: 1 })
          .lean<Pick<OnboardingRecord, 'stepSince'>>()
          .exec();
        return oldest ? [{ status, client, since: oldest.stepSince }] : [];
      }),
    );
    return found.flat();
  }

  /** Per HR client, the pending onboardings whose deadline falls in [from, until). */
  expiringBetween(
    clients: readonly string[],
    from: Date,
    until: Date,
  ): Promise<{ client: string; count: number }[]> {
    return Promise.all(
      clients.map(async (client) => ({
        client,
        count: await this.model
          .countDocuments({
            status: { $in: PENDING },
            clientId: client,
            deadline: { $gte: from, $lt: until },
          })
          .exec(),
      })),
    );
  }

  /** The invite moment of the earliest held (scheduled) invite that is due by `now`. */
  async earliestDueInvite(now: Date): Promise<Date | undefined> {
    const due = await this.model
      .findOne({ status: 'scheduled', inviteAt: { $lte: now } }, { inviteAt: 1 })
      .sort({ inviteAt: 1 })
      .lean<Pick<OnboardingRecord, 'inviteAt'>>()
      .exec();
    return due?.inviteAt;
  }
}
