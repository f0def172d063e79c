import { mongo } from 'mongoose';

const DUPLICATE_KEY = 11000;

/** A unique index refused the write (MongoDB and FerretDB both answer code 11000). */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY;
}
