import { Queue } from 'bullmq';
import { setTimeout as delay } from 'node:timers/promises';
import { QUEUES } from '../src/queue/queue-names';
import { throttled } from './progress';
import { type BenchContext } from './scenarios/context';

/**
 * Waits until the service's queues have nothing left to do (mail, HR event deliveries and
 * workflow starts of earlier phases), so a "before" measurement is not the tail of the
 * previous burst.
 */
export async function waitForQuietQueues(ctx: BenchContext, timeoutMs: number): Promise<void> {
  const queues = Object.values(QUEUES).map(
    (name) => new Queue(name, { connection: { url: ctx.redisUrl }, prefix: ctx.prefix }),
  );
  const progress = throttled(ctx.log);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      let busy = 0;
      for (const queue of queues) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        busy += Object.values(counts).reduce((sum, n) => sum + n, 0);
        // A job scheduler (the sweep of workflow-starts) always holds its next run, delayed.
        busy -= await queue.getJobSchedulersCount();
      }
      if (busy === 0) return;
      if (Date.now() > deadline) {
        ctx.log(`queues still hold ${busy} jobs after ${timeoutMs / 1000} s; measuring anyway`);
        return;
      }
      progress(`waiting for the queues to drain: ${busy} jobs left`);
      await delay(500);
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
}
