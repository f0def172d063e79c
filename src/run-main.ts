import { ConfigError } from './config/config.schema';

/** Runs a process entry point; a bad configuration ends it with one readable message. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(`${name}: ${error.message}`);
    } else {
      console.error(`${name} failed:`, error);
    }
    process.exit(1);
  });
}
