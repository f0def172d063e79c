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

/*
 * The decorators below take one zod schema for both the check and the OpenAPI document, so
 * the two cannot drift apart. A parameter decorator cannot be a method decorator, so each
 * applies Swagger's method decorator to its handler itself.
 */

/** `@Body()`, checked by `schema`, which is also the body's OpenAPI schema. */
export function ValidBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema, 'body'))(target, key, index);
    ApiBody({ schema: openApiSchema(schema) })(target, handlerKey(key), handler(target, key));
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
