import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { Client } from 'pg';

/**
 * FerretDB v1 on PostgreSQL sends an equality filter down as `_jsonb->'field' @> value`, which
 * the btree index it makes for each MongoDB index cannot serve, so every lookup scans its whole
 * table (29 ms per `_id` lookup at 100,000 rows). A GIN index on the same expression serves it
 * (0.02 ms). For every field that leads one of the database's MongoDB indexes this adds that
 * twin, so the service's lookups cost what a MongoDB index would make them cost. Run it once the
 * service has made its indexes (again after it adds one); returns how many twins there are.
 * FerretDB itself never sees them.
 */
export async function addGinTwins(mongoUri: string, postgresqlUrl: string): Promise<number> {
  const leading = await leadingFields(mongoUri);
  const client = new Client({ connectionString: postgresqlUrl });
  await client.connect();
  try {
    const schema = client.escapeIdentifier(leading.database);
    // FerretDB's own record of which table holds which collection.
    const { rows } = await client.query<{ collection: string; table: string }>(
      `SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS table` +
        ` FROM ${schema}._ferretdb_database_metadata`,
    );
    let twins = 0;
    for (const { collection, table } of rows) {
      for (const field of leading.byCollection.get(collection) ?? []) {
        const suffix = createHash('sha256').update(field).digest('hex').slice(0, 8);
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${client.escapeIdentifier(`${table}_${suffix}_gin`)}` +
            ` ON ${schema}.${client.escapeIdentifier(table)}` +
            ` USING gin ((_jsonb -> ${client.escapeLiteral(field)}))`,
        );
        twins++;
      }
    }
    return twins;
  } finally {
    await client.end();
  }
}

/** Analyzes FerretDB's tables now and then, or says why it need not; `stop` ends it. */
export interface StatisticsKeeper {
  /** `autovacuum`: PostgreSQL keeps them itself; else how often this analyzes. */
  by: 'autovacuum' | { everyMs: number };
  stop(): Promise<void>;
}

/**
 * Without statistics PostgreSQL's planner guesses, and with FerretDB's tables it guessed that
 * the HR client's index (which every row matches) narrows a lookup by id: 30 ms instead of 3.5
 * at 100,000 onboardings. Autovacuum keeps statistics where it runs; where it is off (as on
 * some development machines) this runs ANALYZE every `everyMs` in its place.
 */
export async function keepStatistics(
  postgresqlUrl: string,
  everyMs: number,
): Promise<StatisticsKeeper> {
  const client = new Client({ connectionString: postgresqlUrl });
  await client.connect();
  const { rows } = await client.query<{ autovacuum: string }>('SHOW autovacuum');
  if (rows[0]?.autovacuum === 'on') {
    await client.end();
    return { by: 'autovacuum', stop: () => Promise.resolve() };
  }
  let running = Promise.resolve();
  const analyze = () => {
    running = running.then(() => client.query('ANALYZE').then(() => undefined));
    return running;
  };
  await analyze();
  const timer = setInterval(() => void analyze().catch(() => undefined), everyMs);
  return {
    by: { everyMs },
    async stop() {
      clearInterval(timer);
      await running.catch(() => undefined);
      await client.end();
    },
  };
}

/** Per collection, the first field of each index, in the order the index has them. */
async function leadingFields(
  uri: string,
): Promise<{ database: string; byCollection: Map<string, Set<string>> }> {
  const connection = await mongoose.createConnection(uri).asPromise();
  try {
    const db = connection.db;
    if (!db) throw new Error(`no database in ${uri}`);
    const byCollection = new Map<string, Set<string>>();
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      const indexes = await db.collection(name).indexes();
      const fields = indexes.flatMap(({ key }) => Object.keys(key).slice(0, 1));
      // FerretDB sends a dotted field as a path (`#>`), which these twins do not cover.
      byCollection.set(name, new Set(fields.filter((field) => !field.includes('.'))));
    }
    return { database: db.databaseName, byCollection };
  } finally {
    await connection.close();
  }
}
