/**
 * Where each migration stands against what the warehouse recorded (issue 18: migrations follow the configuration).
 * A migration is recorded with the checksum of its file and of the SQL it rendered for the configuration of the
 * day; when `tables:` (or anything else it renders) changes, the rendered SQL changes and the migration is due
 * again: every migration is re-runnable (IF NOT EXISTS), so re-applying it creates what the new configuration
 * names and leaves what exists as it is. An applied migration whose file changed is refused (applied-once.ts).
 */
import { renderState, toStatements, type RunContext } from '../compiler/statements';
import type { Statement } from '../compiler/sql';
import type { Row } from '../targets/warehouse';
import { appliedChecksums, refuseChanged } from './applied-once';
import { sqlHash } from './ledger';
import { migrationContext } from './migration-context';

/** Not applied yet; applied with the same rendered SQL; or applied with other SQL (or by a version that kept none). */
export type MigrationStatus = 'pending' | 'up to date' | 'reconfigured';

export interface MigrationState {
  readonly id: string;
  readonly checksum: string;
  readonly renderedChecksum: string;
  readonly statements: readonly Statement[];
  readonly status: MigrationStatus;
}

/** The refusal of an applied migration whose file changed since. */
const edited = (m: { id: string; file: string }): string => `migration ${m.id} was edited after it was applied (checksum differs); restore ${m.file} and put the change in a new migration`;

/**
 * Each of the project's migrations, rendered, against `recorded` (schema_migrations rows ordered by id and time of
 * application: the last row of an id is its latest application). An edited applied migration is refused.
 */
export function migrationStates(ctx: RunContext, recorded: readonly Row[]): MigrationState[] {
  refuseChanged(appliedChecksums(recorded, 'migration_id'), ctx.compiled.migrations, (m) => m.id, edited);
  const rendered = new Map(recorded.map((r) => [String(r['migration_id']), r['rendered_checksum'] ?? null]));
  return ctx.compiled.migrations.map((m) => {
    const statements = toStatements(m.render(migrationContext(ctx), renderState(ctx)), ctx);
    const renderedChecksum = sqlHash(statements);
    const status: MigrationStatus = !rendered.has(m.id) ? 'pending' : rendered.get(m.id) === renderedChecksum ? 'up to date' : 'reconfigured';
    return { id: m.id, checksum: m.checksum, renderedChecksum, statements, status };
  });
}

/** Why a migration is due, as `migrate` and the refusal to run say it. */
export function dueBecause(s: MigrationState): string {
  return s.status === 'pending' ? 'not applied yet' : 'what it renders for this configuration is not what was applied (tables: in backfill.yml changed, or an older backfill applied it)';
}
