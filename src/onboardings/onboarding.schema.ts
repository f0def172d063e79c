import { Schema } from 'mongoose';

export const ONBOARDING_MODEL = 'Onboarding';

export type Locale = 'nl' | 'en';

/** One hire's onboarding, as stored. Plain data: repositories return it via `.lean()`. */
export interface OnboardingRecord {
  _id: string;
  clientId: string;
  employeeId: string;
  /**
   * `${clientId}/${employeeId}` while the onboarding is open, made unique by an index, so a
   * second open onboarding for the same hire cannot exist. Closing it appends the id.
   * (FerretDB has no partial indexes, hence this key instead of a filtered unique index.)
   */
  openKey: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: Locale;
  createdAt: Date;
  updatedAt: Date;
}

export const OnboardingSchema = new Schema<OnboardingRecord>(
  {
    _id: { type: String, required: true },
    clientId: { type: String, required: true },
    employeeId: { type: String, required: true },
    openKey: { type: String, required: true },
    email: { type: String, required: true },
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    locale: { type: String, enum: ['nl', 'en'], required: true },
  },
  { collection: 'onboardings', timestamps: true, versionKey: false },
);

OnboardingSchema.index({ openKey: 1 }, { unique: true });
OnboardingSchema.index({ clientId: 1, employeeId: 1 });
