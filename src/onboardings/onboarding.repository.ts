import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, mongo } from 'mongoose';
import { ONBOARDING_MODEL, OnboardingRecord } from './onboarding.schema';

export type NewOnboarding = Omit<OnboardingRecord, 'openKey' | 'createdAt' | 'updatedAt'>;

export class OpenOnboardingExistsError extends Error {
  constructor(
    readonly clientId: string,
    readonly employeeId: string,
  ) {
    super(`an onboarding for employee ${employeeId} of client ${clientId} is already open`);
    this.name = 'OpenOnboardingExistsError';
  }
}

const DUPLICATE_KEY = 11000;

export function openKeyOf(clientId: string, employeeId: string): string {
  return `${clientId}/${employeeId}`;
}

@Injectable()
export class OnboardingRepository {
  constructor(@InjectModel(ONBOARDING_MODEL) private readonly model: Model<OnboardingRecord>) {}

  /** Inserts a new open onboarding; a second open one for the same hire is refused. */
  async create(onboarding: NewOnboarding): Promise<OnboardingRecord> {
    try {
      const created = await this.model.create({
        ...onboarding,
        openKey: openKeyOf(onboarding.clientId, onboarding.employeeId),
      });
      return created.toObject();
    } catch (error) {
      if (error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY) {
        throw new OpenOnboardingExistsError(onboarding.clientId, onboarding.employeeId);
      }
      throw error;
    }
  }

  findById(clientId: string, id: string): Promise<OnboardingRecord | null> {
    return this.model.findOne({ _id: id, clientId }).lean<OnboardingRecord>().exec();
  }

  findOpen(clientId: string, employeeId: string): Promise<OnboardingRecord | null> {
    return this.model
      .findOne({ openKey: openKeyOf(clientId, employeeId) })
      .lean<OnboardingRecord>()
      .exec();
  }
}
