import { z } from 'zod';
import { bigqueryTarget } from '../targets/bigquery/bigquery-config';
import { duckdbTarget } from '../targets/duckdb/duckdb-config';
import { postgresTarget } from '../targets/postgres/postgres-config';
import { gcpProject, identifier, tableName } from './identifiers';

/** A target of backfill.yml: each target's own schema (src/targets/<t>/<t>-config.ts), told apart by `type`. */
export const targetConfig = z.discriminatedUnion('type', [duckdbTarget, postgresTarget, bigqueryTarget]);

export const tablesConfig = z.strictObject({
  original: tableName.default('kinesis.backend_events'),
  exceptions: tableName.default('s3.backend_events_exceptions'),
  exclusions: tableName.default('s3.backend_events_exclusions'),
  stage_schema: identifier.default('stage'),
  framework_schema: identifier.default('backfill'),
});

export const varsConfig = z
  .looseObject({
    current_date_offset: z.number().int().min(0).max(3650).default(3),
    dedup_window_days: z.number().int().min(0).max(3650).nullable().default(null),
    lock_wait_seconds: z.number().min(0).max(86_400).default(30),
    /** Full refreshes run in batches of this many days, each checkpointed (resumable); null: one statement. */
    batch_days: z.number().int().min(1).max(3650).nullable().default(null),
    /** `import` reports events older than this (many downstream tools refuse old data). */
    import_max_age_days: z.number().int().min(0).max(3650).default(14),
    /**
     * PostgreSQL, when the role cannot see other roles' sessions (no pg_read_all_stats): how long ago their open
     * transactions are taken to have started, so the rows they commit late are not missed by targeted runs.
     */
    late_commit_margin_minutes: z.number().int().min(1).max(525_600).default(60),
  });

export const pubsubTopic = z.string().regex(/^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/, 'must be a Pub/Sub topic id (letters first, then letters, digits, - _ . ~ + %)');

/** A named change-feed sink: an NDJSON file (`-` for standard output) or a Pub/Sub topic. */
export const sinkConfig = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('file'), path: z.string().min(1, 'must be a file path or - for standard output') }),
  z.strictObject({
    type: z.literal('pubsub'),
    project: gcpProject,
    topic: pubsubTopic,
    /** An emulator or test endpoint, host:port (plain gRPC, no credentials). */
    api_endpoint: z.string().regex(/^[A-Za-z0-9.-]+:\d+$/, 'must be host:port').optional(),
    max_retries: z.number().int().min(0).max(10).default(5),
    batch_size: z.number().int().min(1).max(1000).default(100),
  }),
]);

export const changesConfig = z.strictObject({
  /** The project `pubsub://<topic>` sinks publish in. */
  pubsub_project: gcpProject.optional(),
  sinks: z.record(identifier, sinkConfig).default({}),
});

export const projectConfig = z
  .strictObject({
    name: identifier,
    target: z.string().optional(),
    targets: z.record(identifier, targetConfig).refine((t) => Object.keys(t).length > 0, 'must name at least one target'),
    tables: tablesConfig.default(tablesConfig.parse({})),
    vars: varsConfig.default(varsConfig.parse({})),
    changes: changesConfig.default(changesConfig.parse({})),
  })
  .superRefine((cfg, ctx) => {
    const names = Object.keys(cfg.targets);
    if (cfg.target !== undefined && !names.includes(cfg.target)) {
      ctx.addIssue({ code: 'custom', path: ['target'], message: `names no target; defined: ${names.join(', ')}` });
    }
  });

export type TargetConfig = z.infer<typeof targetConfig>;
export type TablesConfig = z.infer<typeof tablesConfig>;
export type Vars = z.infer<typeof varsConfig>;
export type SinkConfig = z.infer<typeof sinkConfig>;
export type ChangesConfig = z.infer<typeof changesConfig>;
export type ProjectConfig = z.infer<typeof projectConfig>;
