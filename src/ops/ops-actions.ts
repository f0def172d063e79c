import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Schema } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { currentRequest } from '../logging/request-context';

export const OPS_ACTION_MODEL = 'OpsAction';

export type OpsActionOutcome = 'started' | 'complete' | 'failed' | 'aborted';

/**
 * What the ops team did that concerns no one onboarding: an export. The onboarding's audit
 * trail is per hire (an export reads thousands; writing to each would be a write per row),
 * and the security events log is a log line and a metric of a fixed list of authentication
 * events, kept only as long as the logs. An export of personal data is asked about later
 * ("who took the list with addresses in March?"), so it gets a record of its own here.
 */
export interface OpsActionRecord {
  _id: string;
  action: 'export';
  at: Date;
  requestId?: string;
  clientAddress?: string;
  /** The validated query: the filters and `include`. */
  query: Record<string, unknown>;
  /** Whether names and e-mail addresses left with it. */
  contact: boolean;
  /** `started` until it ends; one that never leaves `started` ended with the process. */
  outcome: OpsActionOutcome;
  /** Rows written out; on a failure the client may have got fewer. */
  rows: number;
  endedAt?: Date;
}

export const OpsActionSchema = new Schema<OpsActionRecord>(
  {
    _id: { type: String, required: true },
    action: { type: String, required: true },
    at: { type: Date, required: true },
    requestId: String,
    clientAddress: String,
    query: { type: Schema.Types.Mixed, default: {} },
    contact: { type: Boolean, required: true },
    outcome: { type: String, required: true },
    rows: { type: Number, default: 0 },
    endedAt: Date,
  },
  { collection: 'ops_actions', versionKey: false, minimize: false },
);

OpsActionSchema.index({ at: -1 });

@Injectable()
export class OpsActions {
  constructor(@InjectModel(OPS_ACTION_MODEL) private readonly model: Model<OpsActionRecord>) {}

  /** On record before the first row goes out: an export that cannot be recorded does not run. */
  async begin(query: Record<string, unknown>, contact: boolean): Promise<string> {
    const { requestId, clientAddress } = currentRequest();
    const id = randomUUID();
    await this.model.create({
      _id: id,
      action: 'export',
      at: new Date(),
      requestId,
      clientAddress,
      // Undefined filters are left out, so the record reads as the request did.
      query: JSON.parse(JSON.stringify(query)) as Record<string, unknown>,
      contact,
      outcome: 'started',
      rows: 0,
    });
    return id;
  }

  async end(
    id: string,
    outcome: Exclude<OpsActionOutcome, 'started'>,
    rows: number,
  ): Promise<void> {
    await this.model
      .updateOne({ _id: id }, { $set: { outcome, rows, endedAt: new Date() } })
      .exec();
  }

  /** The newest first, for the ops team (and the tests). */
  recent(limit = 20): Promise<OpsActionRecord[]> {
    return this.model.find().sort({ at: -1 }).limit(limit).lean<OpsActionRecord[]>().exec();
  }
}
