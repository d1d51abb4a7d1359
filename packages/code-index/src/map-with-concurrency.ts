/** Runs `task` on every item, at most `concurrency` at once, in order of start; rejects on the first failure. */
export async function mapWithConcurrency<Item>(items: readonly Item[], concurrency: number, task: (item: Item, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await task(items[index] as Item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
