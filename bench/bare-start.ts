import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { BARE_FLOW_STEPS, bareFlowWorkflow, bareHireWorkflow, bareStep } from './empty-workflow';
import { runPool } from './pool';
import { type Log } from './progress';
import { type LatencySummary, round, summarize, timed } from './stats';

export interface BareStartResult {
  starts: number;
  failures: number;
  perSecond: number;
  startMs: LatencySummary;
}

let runtimeInstalled = false;

/**
 * `client.workflow.start` of an empty workflow on the same Temporal server, with a worker in
 * the bench process on a task queue of its own: what a start costs with no service around it.
 * Also runs bare flows (the onboarding's shape without its work) for the CPU floor.
 */
export class BareStarter {
  private constructor(
    private readonly client: Client,
    private readonly connection: Connection,
    private readonly worker: Worker,
    private readonly workerConnection: NativeConnection,
    private readonly running: Promise<void>,
    private readonly taskQueue: string,
  ) {}

  static async start(address: string, runId: string, log: Log): Promise<BareStarter> {
    // The SDK logs every state change (and that this worker has no activities) into the
    // bench's progress lines; errors are enough.
    if (!runtimeInstalled) Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeInstalled = true;
    const taskQueue = `bench-empty-${runId}`;
    const workerConnection = await NativeConnection.connect({ address });
    log('bare-start limit: bundling the empty workflow for the bench worker');
    const worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: require.resolve('./empty-workflow'),
      activities: { noop: () => Promise.resolve() },
    });
    const running = worker.run();
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    return new BareStarter(client, connection, worker, workerConnection, running, taskQueue);
  }

  async run(label: string, count: number, concurrency: number): Promise<BareStartResult> {
    const pool = await runPool(count, concurrency, async (i) => {
      const { ms } = await timed(() =>
        this.client.workflow.start('emptyWorkflow', {
          taskQueue: this.taskQueue,
          workflowId: `bench-empty-${label}-${i}`,
        }),
      );
      return ms;
    });
    return {
      starts: pool.values.length,
      failures: pool.failures,
      perSecond: round(pool.values.length / pool.seconds),
      startMs: summarize(pool.values),
    };
  }

  /**
   * `count` bare hires (bareHireWorkflow) or bare flows (bareFlowWorkflow), `concurrency` at a
   * time; any failure throws.
   */
  async runBare(
    shape: 'hire' | 'flow',
    label: string,
    count: number,
    concurrency: number,
  ): Promise<void> {
    const pool = await runPool(count, concurrency, async (i) => {
      const handle = await this.client.workflow.start(
        shape === 'hire' ? bareHireWorkflow : bareFlowWorkflow,
        { taskQueue: this.taskQueue, workflowId: `bench-${shape}-${label}-${i}` },
      );
      if (shape === 'flow') {
        for (let step = 0; step < BARE_FLOW_STEPS; step++) await handle.executeUpdate(bareStep);
      }
      await handle.result();
    });
    // A floor measured over failed runs would be too low, and say nothing of it.
    if (pool.failures > 0) {
      throw new Error(`bare ${shape}s: ${pool.failures} of ${count} failed: ${pool.firstError}`);
    }
  }

  async close(): Promise<void> {
    this.worker.shutdown();
    await this.running;
    await this.workerConnection.close();
    await this.connection.close();
  }
}
