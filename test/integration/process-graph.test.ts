import { inventory } from '../../src/app-inventory';
import { Harness } from '../support/harness';

/**
 * Each process builds only what it runs: the Temporal worker no HTTP controller and no
 * Temporal client (it polls through its own worker connection), the API no SMTP transport.
 */
describe('what each process constructs', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ queueWorkers: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('the API: controllers and the workflow gateway, no mail delivery, no activities', () => {
    const api = inventory(h.api);
    expect(api.controllers).toEqual(expect.arrayContaining(['OnboardingsController']));
    expect(api.providers).toEqual(expect.arrayContaining(['OnboardingGateway', 'Client']));
    for (const absent of ['MailSender', 'MailProcessor', 'EventDelivery', 'OnboardingLifecycle']) {
      expect(api.providers).not.toContain(absent);
    }
  });

  it('the Temporal worker: the activities and what they call, no controller, no client', () => {
    const worker = inventory(h.workerContexts.temporal!);
    expect(worker.controllers).toEqual([]);
    expect(worker.providers).toEqual(expect.arrayContaining(['OnboardingLifecycle', 'MailQueue']));
    for (const absent of [
      'Client',
      'Connection',
      'OnboardingGateway',
      'MailSender',
      'HrAuthGuard',
    ]) {
      expect(worker.providers).not.toContain(absent);
    }
  });

  it('the queue worker: mail and event delivery, nothing of the API or the workflow', () => {
    const queue = inventory(h.workerContexts.queue!);
    expect(queue.controllers).toEqual([]);
    expect(queue.providers).toEqual(
      expect.arrayContaining(['MailSender', 'MailProcessor', 'EventDelivery']),
    );
    for (const absent of ['Client', 'OnboardingGateway', 'OnboardingLifecycle', 'SessionStore']) {
      expect(queue.providers).not.toContain(absent);
    }
  });
});
