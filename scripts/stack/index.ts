import { provideMongo } from './mongo';
import { Log, ManagedProcess } from './process';
import { StackProfile } from './profile';
import { provideRedis } from './redis';
import { provideTemporal } from './temporal';

export { devProfile, testProfile } from './profile';
export { MissingToolError } from './tools';

export interface Stack {
  /** The variables the service reads (see src/config), pointing at these servers. */
  env: { MONGODB_URI: string; REDIS_URL: string; TEMPORAL_ADDRESS: string };
  temporalUiUrl?: string;
  /** Stops the servers this stack started, in reverse order; reused ones keep running. */
  stop(): Promise<void>;
}

/** Each server: an explicit URL, else one already running, else start it (building it if need be). */
export async function startStack(profile: StackProfile, log: Log): Promise<Stack> {
  const started: ManagedProcess[] = [];
  const keep = <T extends { process?: ManagedProcess }>(server: T): T => {
    if (server.process) started.push(server.process);
    return server;
  };
  const stop = async () => {
    for (const proc of started.reverse()) await proc.stop();
  };
  try {
    // One at a time: the first run builds with Go, and two builds at once on a small machine
    // only make both slower.
    const temporal = keep(await provideTemporal(profile, log));
    const mongo = keep(await provideMongo(profile, log));
    const redis = keep(await provideRedis(profile, log));
    return {
      env: { MONGODB_URI: mongo.uri, REDIS_URL: redis.url, TEMPORAL_ADDRESS: temporal.address },
      temporalUiUrl: temporal.uiUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
