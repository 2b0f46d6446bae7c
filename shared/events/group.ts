/** Small collection helpers the folds and chain checks share. */

/** Items grouped by key, each group in input order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) addTo(groups, key(item), item);
  return groups;
}

/** Appends `item` to the group `key` of `groups`, starting the group if needed. */
export function addTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}
