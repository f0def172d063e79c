import type { Model } from 'mongoose';

/** One page of a query's matches, in `sort` order, and how many match in all. */
export async function paged<T>(
  model: Model<T>,
  query: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  page: { skip: number; limit: number },
): Promise<{ items: T[]; total: number }> {
  // A limit of 0 means "no limit" to MongoDB; asked for none, SCIM's count=0 wants only the total.
  const [items, total] = await Promise.all([
    page.limit === 0
      ? []
      : model.find(query).sort(sort).skip(page.skip).limit(page.limit).lean<T[]>().exec(),
    model.countDocuments(query).exec(),
  ]);
  return { items, total };
}
