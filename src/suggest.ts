/** "Did you mean …?" for a misspelt name: the nearest known name by edit distance, when it is near enough. */

/** Edit distance (optimal string alignment): insertions, deletions, substitutions and swaps of neighbours cost one. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate nearest to `name` (case-insensitively), or null when none is within a third of the name's length
 * (at least 1, at most 3 edits): `json_valu` → `json_value`, but no guess for a name unlike any.
 */
export function closest(name: string, candidates: Iterable<string>): string | null {
  const wanted = name.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: { name: string; distance: number } | null = null;
  for (const c of [...candidates].sort()) {
    const distance = editDistance(wanted, c.toLowerCase());
    if (distance <= limit && (best === null || distance < best.distance)) best = { name: c, distance };
  }
  return best?.name ?? null;
}

/** `; did you mean 'x'?` for the nearest candidate, or '' when there is none. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const list = [...candidates];
  const match = closest(name, list) ?? onlyExtension(name, list);
  return match === null ? '' : `; did you mean '${match}'?`;
}

/** The one candidate that starts with `name` (3 characters at least): `stage_table` → `stage_table_name`. */
function onlyExtension(name: string, candidates: readonly string[]): string | null {
  const wanted = name.toLowerCase();
  const hits = wanted.length < 3 ? [] : candidates.filter((c) => c.toLowerCase().startsWith(wanted) && c.length > wanted.length);
  return hits.length === 1 ? hits[0]! : null;
}

/**
 * Up to `limit` names close to `name` (nearest first, then alphabetical; case ignored), for "nearest … present"
 * lines: within an edit distance of half its length (at least 2), so that a name sharing nothing with it is not offered.
 */
export function nearestNames(name: string, names: Iterable<string>, limit = 3): string[] {
  const within = Math.max(2, Math.ceil(name.length / 2));
  return [...new Set(names)]
    .filter((n) => n !== name)
    .map((n) => ({ n, d: editDistance(name.toLowerCase(), n.toLowerCase()) }))
    .filter((p) => p.d <= within)
    .sort((p, q) => p.d - q.d || (p.n < q.n ? -1 : p.n > q.n ? 1 : 0))
    .slice(0, limit)
    .map((p) => p.n);
}

/** `unknown <what> 'x'; did you mean 'y'?; <plural>: a, b, c`: the one shape of "unknown …" messages. */
export function unknownMessage(what: string, word: string, candidates: readonly string[], plural = `${what}s`): string {
  return `unknown ${what} '${word}'${didYouMean(word, candidates)}; ${plural}: ${candidates.join(', ') || '(none)'}`;
}
