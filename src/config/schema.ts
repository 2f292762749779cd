import { z } from 'zod';
import { identifier, tableName } from './identifiers';

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (e.g. BACKFILL_PG_URL)');

export const duckdbTarget = z.strictObject({
  type: z.literal('duckdb'),
  path: z.string().min(1, 'must be a file path (relative to the project dir) or :memory:'),
  threads: z.number().int().positive().optional(),
});

export const postgresTarget = z.strictObject({
  type: z.enum(['postgres', 'cockroachdb']),
  connection_env: envName.optional(),
  host: z.string().optional(),
  port: z.number().int().positive().optional(),
  database: z.string().optional(),
  user: z.string().optional(),
  password_env: envName.optional(),
});

/** A Google Cloud project id (BigQuery targets, Pub/Sub sinks). */
const gcpProject = z.string().regex(/^[a-z][a-z0-9-]{4,61}[a-z0-9]$/, 'must be a Google Cloud project id (e.g. dw-prod-gwiiag)');

export const bigqueryTarget = z.strictObject({
  type: z.literal('bigquery'),
  project: gcpProject,
  location: z.string().min(1).default('EU'),
  /** Every job is capped: a query that would scan more fails instead of billing it. Raise it deliberately. */
  maximum_bytes_billed: z.number().int().positive().default(10_000_000_000),
  keyfile_env: envName.optional(),
  /** An emulator or test endpoint (no credentials are sent to it). */
  api_endpoint: z.string().url().optional(),
  max_retries: z.number().int().min(0).max(10).default(5),
  retry_base_delay_ms: z.number().int().min(0).max(60_000).default(1000),
});

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
export type DuckdbTargetConfig = z.infer<typeof duckdbTarget>;
export type BigqueryTargetConfig = z.infer<typeof bigqueryTarget>;
export type TablesConfig = z.infer<typeof tablesConfig>;
export type Vars = z.infer<typeof varsConfig>;
export type SinkConfig = z.infer<typeof sinkConfig>;
export type ChangesConfig = z.infer<typeof changesConfig>;
export type ProjectConfig = z.infer<typeof projectConfig>;
