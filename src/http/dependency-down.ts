/**
 * Whether an error says that a server we depend on (MongoDB, Redis, Temporal) is down,
 * starting, restarting, stepping down or not answering: the caller is told to retry (503).
 * The MongoDB driver keeps its own `isRetryableReadError` internal, hence this list.
 */

// What the MongoDB driver and mongoose throw when the server is gone or cannot be reached.
const MONGO_UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoPoolClosedError',
  'MongoPoolClearedError',
  'PoolClearedOnNetworkError',
  'MongoWaitQueueTimeoutError',
  'MongoOperationTimeoutError',
  'MongoStalePrimaryError',
]);

/**
 * Server codes of a node that is shutting down, recovering or no longer primary, and of
 * network trouble seen by the server (the retryable-reads spec's list).
 */
const MONGO_UNAVAILABLE_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10058, // LegacyNotPrimary
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  134, // ReadConcernMajorityNotAvailableYet
]);
const MONGO_UNAVAILABLE_LABELS = ['RetryableWriteError', 'ResetPool', 'PoolRequestedRetry'];
const MONGO_UNAVAILABLE_MESSAGE = /not (writable )?primary|node is recovering|buffering timed out/i;

// ioredis: retries used up, a closed connection, a command without an answer in time.
const REDIS_UNREACHABLE = new Set(['MaxRetriesPerRequestError']);
const REDIS_UNAVAILABLE_MESSAGE =
  /^(Connection is closed\.|Command timed out|Stream isn't writeable|LOADING |MASTERDOWN |READONLY )/;

/** Socket errors, wherever in the chain of causes they appear. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

// gRPC (Temporal): the server cannot be reached, or did not answer before the call's deadline.
const GRPC_UNAVAILABLE = new Set([4, 14]);
// An update that no worker took before the deadline (none running, or one restarting).
const TEMPORAL_UNANSWERED = new Set(['WorkflowUpdateRPCTimeoutOrCancelledError']);

function says(e: Error): boolean {
  const { code, errorLabels, details } = e as Error & {
    code?: unknown;
    errorLabels?: unknown;
    details?: unknown;
  };
  if ([MONGO_UNREACHABLE, REDIS_UNREACHABLE, TEMPORAL_UNANSWERED].some((n) => n.has(e.name))) {
    return true;
  }
  if (e.name.startsWith('Mongo')) {
    if (typeof code === 'number' && MONGO_UNAVAILABLE_CODES.has(code)) return true;
    const labels = Array.isArray(errorLabels) ? errorLabels : [];
    if (MONGO_UNAVAILABLE_LABELS.some((label) => labels.includes(label))) return true;
    if (MONGO_UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  if (REDIS_UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  // @grpc/grpc-js errors carry a numeric code and `details`; Temporal wraps them as the cause.
  return typeof code === 'number' && GRPC_UNAVAILABLE.has(code) && details !== undefined;
}

/** True when the error, or one it was caused by, says a server we depend on is down. */
export function isDependencyDown(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    if (says(e)) return true;
  }
  return false;
}
