/** The kinds of target `backfill init` writes a project for (apart from init-project.ts: `--help` lists them). */
export const INIT_TARGETS = ['duckdb', 'postgres', 'bigquery'] as const;
export type InitTarget = (typeof INIT_TARGETS)[number];
