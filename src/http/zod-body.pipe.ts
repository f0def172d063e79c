import { HttpStatus, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { type FieldProblem, ProblemException } from './problem';

/** Deeper than any of our schemas go: anything below fails validation anyway. */
const SCAN_DEPTH = 16;

/** Validates a request body (or query) against a zod schema; 400 lists each bad field. */
export class ZodBody<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly part: 'body' | 'query' = 'body',
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    const prototypeKeys = prototypeKeyProblems(value);
    if (result.success && prototypeKeys.length === 0) return result.data;
    const issues = result.success ? [] : result.error.issues;
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'validation',
      `The request ${this.part} is not valid`,
      undefined,
      {
        errors: [
          ...issues.map((issue) => ({
            field: issue.path.join('.') || `(${this.part})`,
            message: issue.message,
          })),
          ...prototypeKeys,
        ],
      },
    );
  }
}

/**
 * `__proto__` keys, which JSON.parse keeps as own properties. Zod drops them silently from
 * records (a metadata key would vanish instead of being refused), so they are refused here.
 */
function prototypeKeyProblems(value: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: node, path } = next;
    if (typeof node !== 'object' || node === null || path.length >= SCAN_DEPTH) continue;
    for (const [key, child] of Object.entries(node)) {
      if (key === '__proto__') {
        problems.push({ field: [...path, key].join('.'), message: 'not an allowed key' });
      }
      pending.push({ value: child, path: [...path, key] });
    }
  }
  return problems;
}
