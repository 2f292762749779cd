/** Edit distance (Levenshtein, case-insensitive: a wrong case is one slip, not many). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length]!;
}

/**
 * Up to `limit` names close to `name` (nearest first, then alphabetical), for "did you mean" lines: within an edit
 * distance of half its length (at least 2), so that a name sharing nothing with it is not offered.
 */
export function nearestNames(name: string, names: Iterable<string>, limit = 3): string[] {
  const within = Math.max(2, Math.ceil(name.length / 2));
  return [...new Set(names)]
    .filter((n) => n !== name)
    .map((n) => ({ n, d: editDistance(name, n) }))
    .filter((p) => p.d <= within)
    .sort((p, q) => p.d - q.d || (p.n < q.n ? -1 : p.n > q.n ? 1 : 0))
    .slice(0, limit)
    .map((p) => p.n);
}
