import { Injectable, type PipeTransform } from '@nestjs/common';

/** A submitted form: only its text fields. */
export type Form = Readonly<Record<string, string | undefined>>;

/**
 * The body parser turns `a[]=x` and `a[b]=x` into arrays and objects, and a JSON body (or none
 * at all) reaches these routes too. Only plain strings are fields here: anything else counts
 * as missing, so it can neither crash a page nor reach a database query as an operator.
 */
export function formFields(body: unknown): Form {
  const form: Record<string, string> = Object.create(null) as Record<string, string>;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return form;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string') form[name] = value;
  }
  return form;
}

@Injectable()
export class FormPipe implements PipeTransform<unknown, Form> {
  transform(body: unknown): Form {
    return formFields(body);
  }
}

/** A query parameter given once as text; a repeated one (`?a=1&a=2`) arrives as an array. */
@Injectable()
export class QueryTextPipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown): string | undefined {
    return typeof value === 'string' ? value : undefined;
  }
}
