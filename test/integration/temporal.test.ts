import { Client, Connection } from '@temporalio/client';
import { type NativeConnection, type Worker } from '@temporalio/worker';
import { createTemporalWorker } from '../../workers/temporal.worker';
import { loadConfig } from '../../src/config/config.module';
import { dataConverter } from '../../src/temporal/data-converter';
import { onboardingSearchAttributes } from '../../workflows/search-attributes';
import { greetingWorkflow } from '../fixtures/greeting.workflow';
import { uniqueName } from '../support/wait';

describe('Temporal dev server', () => {
  const config = loadConfig();
  const taskQueue = uniqueName('foundation');
  let connection: Connection;
  let worker: Worker;
  let workerConnection: NativeConnection;

  beforeAll(async () => {
    connection = await Connection.connect({ address: config.temporal.address });
    ({ worker, connection: workerConnection } = await createTemporalWorker({
      config,
      taskQueue,
      workflowsPath: require.resolve('../fixtures/greeting.workflow'),
      activities: { greet: (name: string) => Promise.resolve(`Welkom, ${name}!`) },
    }));
  });

  afterAll(async () => {
    await workerConnection.close();
    await connection.close();
  });

  it('runs a workflow and its activity through a real worker', async () => {
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: dataConverter(config),
    });
    const result = await worker.runUntil(
      client.workflow.execute(greetingWorkflow, {
        taskQueue,
        workflowId: uniqueName('greeting'),
        args: ['Anouk'],
      }),
    );
    expect(result).toBe('Welkom, Anouk!');
  });

  it('has the onboarding search attributes registered', async () => {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({
      namespace: config.temporal.namespace,
    });
    for (const key of onboardingSearchAttributes) {
      expect(Object.keys(customAttributes ?? {})).toContain(key.name);
    }
  });
});
