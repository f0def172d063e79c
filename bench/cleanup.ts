import { type Log } from './progress';

/**
 * What the bench started, stopped in reverse order at the end, on an error, or on Ctrl-C.
 * A failing stop is logged and the rest still stop.
 */
export class Cleanup {
  private readonly steps: { name: string; stop: () => Promise<void> }[] = [];
  private running?: Promise<void>;

  constructor(private readonly log: Log) {}

  add(name: string, stop: () => Promise<void>): void {
    this.steps.push({ name, stop });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.stop();
        } catch (error) {
          this.log(
            `stopping ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
      this.steps.length = 0;
    })();
    return this.running;
  }
}
