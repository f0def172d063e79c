import { addGinTwins, keepStatistics, type StatisticsKeeper } from './ferretdb-indexes';
import { mongoPings, provideMongo } from './mongo';
import { Log, ManagedProcess, startProcess, waitFor } from './process';
import { StackProfile } from './profile';
import { answersPing, provideRedis } from './redis';
import { provideTemporal, temporalAnswers } from './temporal';

export { benchProfile, devProfile, faultsProfile, testProfile } from './profile';
export { MissingToolError } from './tools';

export type ServerName = 'temporal' | 'mongo' | 'redis';

export interface Stack {
  /** The variables the service reads (see src/config), pointing at these servers. */
  env: { MONGODB_URI: string; REDIS_URL: string; TEMPORAL_ADDRESS: string };
  temporalUiUrl?: string;
  /** The database this stack started is FerretDB on PostgreSQL. */
  mongoOnPostgresql: boolean;
  /**
   * On FerretDB over PostgreSQL, lets PostgreSQL use an index for the service's lookups (see
   * ferretdb-indexes.ts); call it once the service has made its indexes. Elsewhere a no-op.
   */
  indexMongoForLookups(): Promise<number>;
  /**
   * On FerretDB over PostgreSQL whose autovacuum is off, analyzes its tables every `everyMs`
   * (see keepStatistics); undefined on any other database.
   */
  keepMongoStatistics(everyMs: number): Promise<StatisticsKeeper | undefined>;
  /** Kills one server this stack started with SIGKILL: no chance to flush. For fault tests. */
  crash(server: ServerName): Promise<void>;
  /** Starts a crashed server again on the same data; resolves once it answers. */
  restart(server: ServerName): Promise<void>;
  /** Stops the servers this stack started, in reverse order; reused ones keep running. */
  stop(): Promise<void>;
}

interface Started {
  process: ManagedProcess;
  answers: () => Promise<boolean>;
}

/** Each server: an explicit URL, else one already running, else start it (building it if need be). */
export async function startStack(profile: StackProfile, log: Log): Promise<Stack> {
  const started = new Map<ServerName, Started>();
  const keep = <T extends { process?: ManagedProcess }>(
    name: ServerName,
    server: T,
    answers: (server: T) => Promise<boolean>,
  ): T => {
    if (server.process)
      started.set(name, { process: server.process, answers: () => answers(server) });
    return server;
  };
  const startedServer = (name: ServerName): Started => {
    const server = started.get(name);
    if (!server) throw new Error(`${name} was not started by this stack; it cannot crash it`);
    return server;
  };
  const stop = async () => {
    for (const { process } of [...started.values()].reverse()) await process.stop();
  };
  try {
    // One at a time: the first run builds with Go, and two builds at once on a small machine
    // only make both slower.
    const temporal = keep('temporal', await provideTemporal(profile, log), (s) =>
      temporalAnswers(s.address),
    );
    const mongo = keep('mongo', await provideMongo(profile, log), (s) => mongoPings(s.uri));
    const redis = keep('redis', await provideRedis(profile, log), () =>
      answersPing(profile.redis.port),
    );
    return {
      env: { MONGODB_URI: mongo.uri, REDIS_URL: redis.url, TEMPORAL_ADDRESS: temporal.address },
      temporalUiUrl: temporal.uiUrl,
      mongoOnPostgresql: mongo.postgresqlUrl !== undefined,
      async indexMongoForLookups() {
        if (!mongo.postgresqlUrl) return 0;
        return addGinTwins(mongo.uri, mongo.postgresqlUrl);
      },
      async keepMongoStatistics(everyMs) {
        return mongo.postgresqlUrl ? keepStatistics(mongo.postgresqlUrl, everyMs) : undefined;
      },
      async crash(name) {
        await startedServer(name).process.kill();
        log(`${name}: killed`);
      },
      async restart(name) {
        const server = startedServer(name);
        const again = startProcess(server.process.options);
        started.set(name, { ...server, process: again });
        await waitFor(name, server.answers, {
          timeoutMs: 60_000,
          process: again,
          logFile: again.options.logFile,
        });
        log(`${name}: restarted`);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
