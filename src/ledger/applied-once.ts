/**
 * "Applied once, refused if changed since": migrations and backfill files are recorded by name with the checksum of
 * their text when applied. One applied earlier whose text has changed is refused before anything runs: the change
 * belongs in a new file. (An import's name is its file's checksum, so a changed file is simply a new import.)
 */
import { UsageError } from '../errors';
import type { Row } from '../targets/warehouse';

/** The recorded checksums by name, from rows holding the name in `nameColumn` and a `checksum` column. */
export function appliedChecksums(rows: readonly Row[], nameColumn: string): Map<string, string> {
  return new Map(rows.map((r) => [String(r[nameColumn]), String(r['checksum'])]));
}

/** Refuses the first item applied before (by `name`) with another checksum; `changed` says which and how to fix it. */
export function refuseChanged<T extends { readonly checksum: string }>(applied: ReadonlyMap<string, string>, items: readonly T[], name: (item: T) => string, changed: (item: T) => string): void {
  for (const item of items) {
    const checksum = applied.get(name(item));
    if (checksum !== undefined && checksum !== item.checksum) throw new UsageError(changed(item));
  }
}
