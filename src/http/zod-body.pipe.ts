import { HttpStatus, PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ProblemException } from './problem';

/** Validates a request body (or query) against a zod schema; 400 lists each bad field. */
export class ZodBody<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly part: 'body' | 'query' = 'body',
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'validation',
      `The request ${this.part} is not valid`,
      undefined,
      {
        errors: result.error.issues.map((issue) => ({
          field: issue.path.join('.') || `(${this.part})`,
          message: issue.message,
        })),
      },
    );
  }
}
