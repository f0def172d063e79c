import { Schema } from 'mongoose';

export const SCIM_USER_MODEL = 'ScimUser';

/**
 * The IdP's names for a hire whose onboarding SCIM created or linked. A collection of its
 * own, not fields on the onboarding: FerretDB 1.24 on SQLite loses one of two concurrent
 * updates of a document (74 of 100 in a probe), and the workflow writes the onboarding
 * while SCIM answers; names stored there vanished in the tests.
 */
export interface ScimUserLink {
  /** The onboarding id, which is also SCIM's `id`. */
  _id: string;
  clientId: string;
  userName: string;
  /** `userName` lower-cased: SCIM compares user names in any case (FerretDB has no collation). */
  userNameKey: string;
  externalId?: string;
  /** The enterprise extension's `manager.value` as the IdP sent it. */
  managerRef?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What the IdP says about the hire's names; the rest of a link is ours. */
export type ScimName = Pick<ScimUserLink, 'userName' | 'userNameKey' | 'externalId' | 'managerRef'>;

export const ScimUserLinkSchema = new Schema<ScimUserLink>(
  {
    _id: { type: String, required: true },
    clientId: { type: String, required: true },
    userName: { type: String, required: true },
    userNameKey: { type: String, required: true },
    externalId: String,
    managerRef: String,
  },
  { collection: 'scim_users', timestamps: true, versionKey: false },
);

ScimUserLinkSchema.index({ clientId: 1, userNameKey: 1 });
ScimUserLinkSchema.index({ clientId: 1, externalId: 1 });
ScimUserLinkSchema.index({ clientId: 1, createdAt: 1 });
