import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces travel as an encoded payload, so the payload codec
 * encrypts them like everything else (by default they sit in Temporal's history in plain text).
 * Loaded by path: the worker bundles it into the workflow sandbox too.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
