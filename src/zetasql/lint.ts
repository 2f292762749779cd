import type { AnalyzerError, Analyzer } from './analyzer';
import type { Catalog } from './catalog';

const CREATE_IF_MISSING = /,\s*create_if_missing\s*=>\s*(true|false)\b/gi;

export interface LintResult {
  readonly statements: number;
  readonly errors: readonly AnalyzerError[];
  /** What was changed before analysis, and why (said to the user). */
  readonly notes: readonly string[];
}

/**
 * JSON_SET's `create_if_missing` argument is BigQuery's (default TRUE) but newer than this ZetaSQL build: it is
 * blanked out (same length, so lines and columns stay) before analysis, and said so.
 */
export function withoutCreateIfMissing(sql: string): { sql: string; notes: string[] } {
  const notes: string[] = [];
  const out = sql.replace(CREATE_IF_MISSING, (m: string, value: string, offset: number) => {
    const line = sql.slice(0, offset).split('\n').length;
    notes.push(value.toLowerCase() === 'true'
      ? `line ${line}: JSON_SET's create_if_missing => ${value} left out of the analysis (this ZetaSQL build predates the argument; TRUE is BigQuery's default, so the meaning is the same)`
      : `line ${line}: JSON_SET's create_if_missing => ${value} is not checked (this ZetaSQL build predates the argument); the rest of the call is`);
    return m.replace(/[^\n]/g, ' ');
  });
  return { sql: out, notes };
}

/** An analyst's BigQuery script analyzed against the project's catalog; what it creates is known to what follows. */
export async function lintSql(sql: string, analyzer: Analyzer, catalog: Catalog): Promise<LintResult> {
  const prepared = withoutCreateIfMissing(sql);
  const results = await analyzer.analyzeScript(prepared.sql, {}, catalog, { learn: true });
  return { statements: results.length, errors: results.flatMap((r) => (r.error ? [r.error] : [])), notes: prepared.notes };
}
