/**
 * A fixed Temporal payload key for tests only: the committed workflow histories in
 * test/histories were recorded with it, and the replay test must decrypt them.
 */
export const TEST_TEMPORAL_PAYLOAD_KEYS = 'test:3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
