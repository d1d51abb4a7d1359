import { InvalidArgumentError, type Random } from '@swespot/core';

/**
 * Splits items into train and validation by task, so no task has trajectories on both sides:
 * a seeded `validationShare` of the distinct task ids (rounded, at least one when the share is
 * above 0 and there are two tasks or more) goes to validation. Items keep their input order.
 */
export function splitByTask<Item>(items: readonly Item[], taskIdOf: (item: Item) => string, validationShare: number, random: Random): { train: Item[]; validation: Item[] } {
  if (!(validationShare >= 0 && validationShare < 1)) {
    throw new InvalidArgumentError({ argument: 'validationShare', message: `validation share must be in [0, 1), got ${validationShare}` });
  }
  const taskIds = [...new Set(items.map(taskIdOf))].sort();
  let validationCount = Math.round(taskIds.length * validationShare);
  if (validationShare > 0 && validationCount === 0 && taskIds.length >= 2) validationCount = 1;
  const validationTasks = new Set(random.sample(taskIds, validationCount));
  const train: Item[] = [];
  const validation: Item[] = [];
  for (const item of items) (validationTasks.has(taskIdOf(item)) ? validation : train).push(item);
  return { train, validation };
}
