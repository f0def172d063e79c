import { parseArgs } from 'node:util';

export const SCENARIOS = ['intake', 'activation', 'reminders', 'scale'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface BenchOptions {
  /** In run order: scale last, so ten thousand open onboardings do not weigh on the others. */
  scenarios: ScenarioName[];
  quick: boolean;
  profile: boolean;
  /** Deliver HR events to a receiver in the bench (as production would) or leave them queued. */
  hrCallbacks: boolean;
  intakeConcurrency: number[];
  activationConcurrency: number[];
  scale: number;
  /** Seconds the scale scenario may spend opening onboardings; 0: until all N are open. */
  scaleBudget: number;
  reminders: number;
  /** FerretDB on PostgreSQL as it comes: no GIN twins, every lookup a table scan. */
  scanLookups: boolean;
}

const USAGE = `npm run bench -- [options]
  --scenarios a,b   which to run (${SCENARIOS.join(', ')}); default all
  --scale N         open onboardings for the scale scenario (default 10000, quick 200)
  --scale-budget S  stop opening them after S seconds and report the N reached
                    (default 300 without --scale, which keeps a default run near 15 minutes;
                    none when --scale is given; 0: no limit)
  --reminders N     onboardings whose reminders fall due at once (default 200, quick 30)
  --quick           small sizes, a smoke run of a minute or two
  --profile         run every service with --cpu-prof during intake and activation
                    (docs/benchmarks/profile.json; the clean numbers stay as they were)
  --without-hr      no HR callback URL: events are stored but not delivered
  --scan-lookups    on FerretDB over PostgreSQL, leave out the GIN indexes that let its
                    lookups use an index (scripts/stack/ferretdb-indexes.ts)
  --help            this text`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenarios: { type: 'string' },
      scale: { type: 'string' },
      'scale-budget': { type: 'string' },
      reminders: { type: 'string' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'without-hr': { type: 'boolean', default: false },
      'scan-lookups': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick;
  const wanted = values.scenarios?.split(',').map((s) => s.trim()) ?? [...SCENARIOS];
  const unknown = wanted.filter((s) => !SCENARIOS.includes(s as ScenarioName));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}\n${USAGE}`);
  return {
    scenarios: SCENARIOS.filter((s) => wanted.includes(s)),
    quick,
    profile: values.profile,
    hrCallbacks: !values['without-hr'],
    intakeConcurrency: quick ? [1, 4] : [1, 4, 16, 32],
    activationConcurrency: quick ? [2, 4] : [8, 16],
    scale: positive('--scale', values.scale, quick ? 200 : 10_000),
    scaleBudget: scaleBudget(values['scale-budget'], values.scale),
    reminders: positive('--reminders', values.reminders, quick ? 30 : 200),
    scanLookups: values['scan-lookups'],
  };
}

/** A default run stops opening after 300 s; an asked-for `--scale` runs to the end. */
function scaleBudget(budget: string | undefined, scale: string | undefined): number {
  if (budget === '0' || (budget === undefined && scale !== undefined)) return 0;
  return positive('--scale-budget', budget, 300);
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} wants a whole number ≥ 1`);
  return n;
}
