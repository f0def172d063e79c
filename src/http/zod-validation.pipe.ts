import { Body, HttpStatus, PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { type FieldProblem, ProblemException } from './problem';

/** Deeper than any of our schemas go: anything below fails validation anyway. */
const SCAN_DEPTH = 16;

type Part = 'body' | 'query';

/** Validates a request body or query string against a zod schema; 400 lists each bad field. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly part: Part,
  ) {}

  transform(value: unknown): z.output<S> {
    const checked = validate(this.schema, value ?? {}, `(${this.part})`);
    if (checked.ok) return checked.data;
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'validation',
      `The request ${this.part} is not valid`,
      undefined,
      { errors: checked.errors },
    );
  }
}

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldProblem[] };

/** `value` checked by `schema`: its data, or each bad field (`whole` names the value itself). */
export function validate<S extends z.ZodType>(
  schema: S,
  value: unknown,
  whole: string,
): Checked<z.output<S>> {
  const result = schema.safeParse(value);
  const prototypeKeys = prototypeKeyProblems(value);
  if (result.success && prototypeKeys.length === 0) return { ok: true, data: result.data };
  const issues = result.success ? [] : result.error.issues;
  return {
    ok: false,
    errors: [
      ...issues.map((issue) => ({ field: issue.path.join('.') || whole, message: issue.message })),
      ...prototypeKeys,
    ],
  };
}

/*
 * The decorators below take one zod schema for both the check and the OpenAPI document, so
 * the two cannot drift apart. A parameter decorator cannot be a method decorator, so each
 * applies Swagger's method decorator to its handler itself.
 */

/**
 * `@Body()`, checked by `schema`, which is also the body's OpenAPI schema unless `documented`
 * describes it more closely (a bulk checks its envelope here and each item later on its own).
 */
export function ValidBody(schema: z.ZodType, documented: z.ZodType = schema): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema, 'body'))(target, key, index);
    ApiBody({ schema: openApiSchema(documented) })(target, handlerKey(key), handler(target, key));
  };
}

/** `@Query()`, checked by `schema`; each of its fields is an OpenAPI query parameter. */
export function ValidQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema, 'query'))(target, key, index);
    const { properties = {}, required = [] } = openApiSchema(schema);
    for (const [name, property] of Object.entries(properties)) {
      const description = 'description' in property ? property.description : undefined;
      const parameter = { name, description, required: required.includes(name), schema: property };
      ApiQuery(parameter)(target, handlerKey(key), handler(target, key));
    }
  };
}

/** What the client sends (before defaults and transforms), in OpenAPI 3.0's dialect. */
function openApiSchema(schema: z.ZodType): SchemaObject {
  return z.toJSONSchema(schema, { io: 'input', target: 'openapi-3.0' }) as SchemaObject;
}

function handlerKey(key: string | symbol | undefined): string | symbol {
  if (key === undefined) throw new Error('ValidBody and ValidQuery are for route handlers');
  return key;
}

function handler(target: object, key: string | symbol | undefined): PropertyDescriptor {
  const descriptor = Object.getOwnPropertyDescriptor(target, handlerKey(key));
  if (!descriptor) throw new Error(`no handler ${String(key)} to document`);
  return descriptor;
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
