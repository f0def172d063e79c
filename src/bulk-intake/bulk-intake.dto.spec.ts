import { bulkIntakeSchema, countOutcomes, MAX_BULK_HIRES } from './bulk-intake.dto';

describe('a bulk answer', () => {
  it('counts each outcome', () => {
    const statuses = ['accepted', 'invalid', 'duplicate', 'accepted', 'accepted'] as const;
    expect(countOutcomes(statuses.map((status) => ({ status })))).toEqual({
      accepted: 3,
      duplicates: 1,
      invalid: 1,
    });
  });

  it('counts nothing in an empty list', () => {
    expect(countOutcomes([])).toEqual({ accepted: 0, duplicates: 0, invalid: 0 });
  });
});

describe('the bulk envelope', () => {
  const hires = (n: number) => Array.from({ length: n }, () => ({}));

  it('takes 1 to 500 hires of any shape: each is checked on its own later', () => {
    expect(bulkIntakeSchema.safeParse({ hires: [42, null, {}] }).success).toBe(true);
    expect(bulkIntakeSchema.safeParse({ hires: hires(MAX_BULK_HIRES) }).success).toBe(true);
  });

  it('refuses none, more than 500, or anything beside hires', () => {
    expect(bulkIntakeSchema.safeParse({ hires: [] }).success).toBe(false);
    const tooMany = bulkIntakeSchema.safeParse({ hires: hires(MAX_BULK_HIRES + 1) });
    expect(tooMany.error?.issues[0]?.message).toBe(
      'at most 500 hires per request; send more in several requests',
    );
    expect(bulkIntakeSchema.safeParse({ hires: [{}], extra: 1 }).success).toBe(false);
    expect(bulkIntakeSchema.safeParse([{}]).success).toBe(false);
  });
});
