import { scimError } from './scim-errors';
import { SCIMMY } from './scim.resources';

const INVALID = 'Only "userName eq", "externalId eq" and "emails.value eq" filters, one at a time';

/**
 * The database query for a Users filter. scimmy parses the expression (and refuses bad
 * syntax with invalidFilter); the database cannot run scimmy's in-memory matching, so the
 * three attributes IdPs look users up by are translated here, each with `eq`.
 */
/** What a filter asks for; an e-mail is looked up on the onboardings. */
export interface ScimQuery {
  userNameKey?: string;
  externalId?: string;
  emailKey?: string;
}

export function toScimQuery(filter: string | undefined): ScimQuery {
  if (filter === undefined || filter.trim() === '') return {};
  const parsed = new SCIMMY.Types.Filter(filter) as unknown[];
  const [expression, ...others] = parsed;
  if (others.length > 0 || !isObject(expression)) throw invalidFilter();
  const entries = Object.entries(expression);
  const [attribute, test] = entries[0] ?? [];
  if (entries.length !== 1 || attribute === undefined) throw invalidFilter();
  switch (attribute.toLowerCase()) {
    case 'username':
      return { userNameKey: equalTo(test).toLowerCase() };
    case 'externalid':
      return { externalId: equalTo(test) };
    case 'emails': {
      const sub = isObject(test) ? Object.entries(test) : [];
      const [name, value] = sub[0] ?? [];
      if (sub.length !== 1 || name?.toLowerCase() !== 'value') throw invalidFilter();
      return { emailKey: equalTo(value).trim().toLowerCase() };
    }
    default:
      throw invalidFilter();
  }
}

/** scimmy writes a comparison as [operator, value]. */
function equalTo(test: unknown): string {
  if (!Array.isArray(test) || test.length !== 2) throw invalidFilter();
  const [operator, value] = test as unknown[];
  if (String(operator).toLowerCase() !== 'eq' || typeof value !== 'string') throw invalidFilter();
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidFilter(): Error {
  return scimError(400, 'invalidFilter', INVALID);
}
