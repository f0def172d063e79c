import { Queue, QueueEvents, Worker } from 'bullmq';
import { loadConfig } from '../../src/config/config.module';
import { queueOptions } from '../../src/queue/queue.module';
import { uniqueName } from '../support/wait';

describe('BullMQ on Redis', () => {
  const options = queueOptions(loadConfig());
  const name = uniqueName('foundation');
  const queue = new Queue(name, options);
  const events = new QueueEvents(name, options);
  let worker: Worker;

  beforeAll(async () => {
    await events.waitUntilReady();
  });

  afterAll(async () => {
    await worker?.close();
    await queue.obliterate({ force: true });
    await Promise.all([queue.close(), events.close()]);
  });

  it('hands a job to a worker and returns its result, retrying a failure', async () => {
    const seen: number[] = [];
    worker = new Worker<{ to: string }, string>(
      name,
      (job) => {
        seen.push(job.attemptsMade);
        if (job.attemptsMade === 0) throw new Error('smtp temporarily unavailable');
        return Promise.resolve(`sent to ${job.data.to}`);
      },
      options,
    );
    const job = await queue.add('mail', { to: 'anouk@example.nl' }, { attempts: 2, backoff: 10 });
    await expect(job.waitUntilFinished(events, 20_000)).resolves.toBe('sent to anouk@example.nl');
    expect(seen).toEqual([0, 1]);
  });
});
