import type { Model } from 'mongoose';

/** One page of a query's matches, in `sort` order, and how many match in all. */
export async function paged<T>(
  model: Model<T>,
  query: Record<string, unknown>,
  sort: Record<string, 1 | -1>,
  page: { skip: number; limit: number },
): Promise<{ items: T[]; total: number }> {
  const [items, total] = await Promise.all([
    model.find(query).sort(sort).skip(page.skip).limit(page.limit).lean<T[]>().exec(),
    model.countDocuments(query).exec(),
  ]);
  return { items, total };
}
