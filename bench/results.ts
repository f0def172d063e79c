import { type ProfileSummary } from './cpu-profile';
import { type MachineInfo, type Versions } from './machine';
import { type ActivationResult } from './scenarios/activation';
import { type ServiceName } from './services';
import { type IntakeResult } from './scenarios/intake';
import { type RemindersResult } from './scenarios/reminders';
import { type ScaleResult } from './scenarios/scale';

/** docs/benchmarks/results.json: one run, everything measured in it. */
export interface BenchResults {
  date: string;
  command: string;
  quick: boolean;
  durationSeconds: number;
  machine: MachineInfo;
  versions: Versions;
  /** Service settings that differ from its defaults, and why is in bench/environment.ts. */
  settings: Record<string, string>;
  scenarios: {
    intake?: IntakeResult;
    activation?: ActivationResult;
    reminders?: RemindersResult;
    scale?: ScaleResult;
  };
  /** A scenario that failed: its error, while the others still ran. */
  errors: Record<string, string>;
}

/** One service's profile over one scenario's measured windows. */
export interface ServiceProfile {
  scenario: 'intake' | 'activation';
  service: ServiceName;
  /** Hires or finished flows in the windows: busy ms ÷ items is the profiled cost of one. */
  items: number;
  summary: ProfileSummary;
}

/** docs/benchmarks/profile.json: a profiled run, kept apart from the clean numbers. */
export interface ProfileRecord {
  date: string;
  command: string;
  machine: MachineInfo;
  profiles: ServiceProfile[];
}
