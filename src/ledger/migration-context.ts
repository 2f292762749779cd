import type { RunContext } from '../compiler/statements';
import { Sql } from '../compiler/sql';

/** What migration templates see besides `tables`: every schema the project uses, quoted. */
export function migrationContext(ctx: RunContext): object {
  const t = ctx.project.config.tables;
  const d = ctx.compiled.env.dialect;
  const qualifiers = [t.original, t.exceptions, t.exclusions].map((name) => name.split('.').slice(0, -1).join('.'));
  const schemas = [...new Set([...qualifiers, t.framework_schema, t.stage_schema])];
  // The exceptions' write-order counter sits next to them (DuckDB; see migration 0007).
  const seq = `${t.exceptions}_seq`;
  return {
    schemas: schemas.map((s) => new Sql(s.split('.').map((p) => d.quoteIdent(p)).join('.'))),
    exceptions_seq: new Sql(d.quoteTable(seq)),
    exceptions_seq_name: new Sql(d.stringLiteral(d.quoteTable(seq))),
  };
}
