import { ServiceError } from '@temporalio/client';
import { isDependencyDown } from './dependency-down';
import { toProblem } from './problem';

/** The shape of @grpc/grpc-js's error for an unreachable server. */
const grpcUnavailable = () =>
  Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
    code: 14,
    details: 'No connection established',
  });

describe('errors from servers we depend on', () => {
  it('are 503 for an unreachable database, Redis or Temporal', () => {
    const mongo = Object.assign(new Error('connect ECONNREFUSED'), {
      name: 'MongoServerSelectionError',
    });
    const buffered = Object.assign(new Error('Operation `x.findOne()` buffering timed out'), {
      name: 'MongooseError',
    });
    const redis = Object.assign(new Error('Reached the max retries'), {
      name: 'MaxRetriesPerRequestError',
    });
    const temporal = new ServiceError('Failed to start Workflow', { cause: grpcUnavailable() });
    // What the driver raised in CI while the database was down: the pool cleared mid-request.
    const poolCleared = Object.assign(new Error('Connection pool was cleared'), {
      name: 'PoolClearedOnNetworkError',
    });
    const notPrimary = Object.assign(new Error('not primary'), {
      name: 'MongoServerError',
      code: 10107,
    });
    const redisTimeout = new Error('Command timed out');
    const deadline = Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4, details: '' });
    for (const error of [
      mongo,
      buffered,
      redis,
      temporal,
      poolCleared,
      notPrimary,
      redisTimeout,
      new ServiceError('Failed to update', { cause: deadline }),
    ]) {
      expect(toProblem(error)).toMatchObject({
        status: 503,
        type: 'urn:problem:onboarding:unavailable',
      });
    }
  });

  it('are not mistaken for other failures, which stay 500 without details', () => {
    const other = Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    expect(isDependencyDown(other)).toBe(false);
    expect(isDependencyDown(new TypeError('x is undefined'))).toBe(false);
    expect(toProblem(new Error('boom'))).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
    });
  });
});
