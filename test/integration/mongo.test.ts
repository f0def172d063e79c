import { Test } from '@nestjs/testing';
import { type INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CoreModule } from '../../src/core.module';
import { OnboardingDataModule } from '../../src/onboardings/onboarding-data.module';
import {
  OnboardingRepository,
  OpenOnboardingExistsError,
  type NewOnboarding,
} from '../../src/onboardings/onboarding.repository';

describe('OnboardingRepository on the MongoDB-wire database', () => {
  let app: INestApplicationContext;
  let repository: OnboardingRepository;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule, OnboardingDataModule],
    }).compile();
    app = await moduleRef.init();
    repository = app.get(OnboardingRepository);
  });

  afterAll(async () => {
    await app.close();
  });

  const hire = (): NewOnboarding => ({
    _id: randomUUID(),
    clientId: 'default',
    employeeId: `E-${randomUUID()}`,
    email: 'anouk.jansen@example.nl',
    firstName: 'Anouk',
    lastName: 'Jansen',
    locale: 'nl',
    workflowId: `onboarding/default/${randomUUID()}`,
  });

  it('stores an onboarding and reads it back as plain data', async () => {
    const created = await repository.create(hire(), new Date());
    const found = await repository.findForClient('default', created._id);
    expect(found).toMatchObject({
      _id: created._id,
      employeeId: created.employeeId,
      firstName: 'Anouk',
      openKey: `default/${created.employeeId}`,
    });
    expect(found?.createdAt).toBeInstanceOf(Date);
  });

  it('scopes reads by HR client', async () => {
    const created = await repository.create(hire(), new Date());
    await expect(repository.findForClient('another-client', created._id)).resolves.toBeNull();
  });

  it('refuses a second open onboarding for the same hire through the unique index', async () => {
    const first = await repository.create(hire(), new Date());
    const second = { ...hire(), employeeId: first.employeeId };
    await expect(repository.create(second, new Date())).rejects.toBeInstanceOf(
      OpenOnboardingExistsError,
    );
    await expect(repository.findForClient('default', second._id)).resolves.toBeNull();
  });
});
