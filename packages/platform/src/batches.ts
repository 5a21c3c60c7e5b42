// Deleting many rows a batch at a time (retention: the inbox's notifications, the residents outbox),
// so that no statement holds many rows' locks or runs for long.

export interface BatchOptions {
  /** Rows one statement deletes at most. */
  batchSize?: number;
  /** Statements per call at most: a backlog past them waits for the next call. Default: no bound. */
  maxBatches?: number;
}

/**
 * Runs `deleteBatch` (a statement deleting at most `batchSize` rows, answering how many it deleted)
 * until one deletes fewer, nothing more being due, or `maxBatches` have run. Answers the rows deleted.
 */
export async function deleteInBatches(
  deleteBatch: (batchSize: number) => Promise<number>,
  { batchSize = 1000, maxBatches = Number.POSITIVE_INFINITY }: BatchOptions = {},
): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await deleteBatch(batchSize);
    deleted += count;
    if (count < batchSize) break;
  }
  return deleted;
}
