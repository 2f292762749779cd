import type { TablesConfig } from '../config/schema';
import type { Diagnostic } from '../errors';
import type { Dialect } from './dialect';
import type { TemplateSource } from './template-env';

/** What the runner prefixes its own tables in the stage schema with (rebuild work tables, batched refreshes). */
export const RUNNER_TABLE_PREFIX = '__backfill_';
/** The longest of those prefixes (`__backfill_before_<model>`, see rebuild/steps.ts): a model name leaves room for it. */
const LONGEST_RUNNER_PREFIX = '__backfill_before_';

const CONFIGURED = ['original', 'exceptions', 'exclusions'] as const;

/** A model as far as its table goes: the file it comes from and its name (the stage table's). */
export interface ModelName {
  readonly name: string;
  readonly file: string;
}

/** The framework's tables (`{{tables.framework_schema}}.<name>` in any migration or runner template). */
export function frameworkTables(sources: Iterable<TemplateSource>): string[] {
  const names = new Set<string>();
  for (const src of sources) {
    for (const m of src.source.matchAll(/\{\{\s*tables\.framework_schema\s*\}\}\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

/**
 * Refuses, before anything is written, every configuration in which one table would be written as another: a stage
 * table that is the original, a side table, a framework table or another model's; two configured tables that are one;
 * a reserved schema; a name the target would cut short. Names are compared as the target compares them.
 */
export function checkTableNames(
  tables: TablesConfig,
  models: readonly ModelName[],
  framework: readonly string[],
  dialect: Dialect,
  configFile: string,
  diagnostics: Diagnostic[],
): void {
  const on = `on ${dialect.name}`;
  const config = (message: string): void => void diagnostics.push({ file: configFile, message });
  const key = (table: string): string => dialect.tableKey(table);

  for (const field of ['stage_schema', 'framework_schema'] as const) {
    const why = dialect.reservedSchema(tables[field]);
    if (why) config(`tables.${field}: '${tables[field]}' cannot hold the project's tables (${why}); pick another schema`);
    tooLong(dialect, tables[field], (m) => config(`tables.${field}: ${m}`));
  }
  if (dialect.identifierKey(tables.stage_schema) === dialect.identifierKey(tables.framework_schema)) {
    config(`tables.stage_schema '${tables.stage_schema}' is tables.framework_schema ${on}: stage tables there could replace the ledger's own tables; pick another schema`);
  }
  const frameworkKeys = new Map(framework.map((t) => [key(`${tables.framework_schema}.${t}`), t]));
  CONFIGURED.forEach((field, i) => {
    const name = tables[field];
    const parts = name.split('.');
    const why = dialect.reservedSchema(parts[parts.length - 2]!);
    if (why) config(`tables.${field}: the schema of ${name} cannot hold the project's tables (${why}); pick another schema`);
    for (const part of parts) tooLong(dialect, part, (m) => config(`tables.${field}: ${m}`));
    for (const other of CONFIGURED.slice(0, i)) {
      if (key(name) === key(tables[other])) config(`tables.${other} and tables.${field} are one table ${on} (${tables[other]}, ${name}); each needs its own table`);
    }
    if (frameworkKeys.has(key(name))) config(`tables.${field}: ${name} is the framework's own table ${frameworkKeys.get(key(name))}; name another table`);
  });

  const configuredKeys = new Map(CONFIGURED.map((field) => [key(tables[field]), field]));
  const seen = new Map<string, ModelName>();
  const limit = dialect.maxIdentifierBytes === null ? null : dialect.maxIdentifierBytes - LONGEST_RUNNER_PREFIX.length;
  for (const model of models) {
    const refuse = (message: string): void => void diagnostics.push({ file: model.file, message });
    const stage = `${tables.stage_schema}.${model.name}`;
    if (model.name.startsWith(RUNNER_TABLE_PREFIX)) refuse(`model names starting with ${RUNNER_TABLE_PREFIX} are kept for the runner's work tables; rename the file`);
    const bytes = Buffer.byteLength(model.name, 'utf8');
    if (limit !== null && bytes > limit) {
      refuse(
        `model name '${model.name}' is ${bytes} bytes: ${dialect.name} keeps ${dialect.maxIdentifierBytes} bytes of a name and the runner's work tables add ${LONGEST_RUNNER_PREFIX.length} (${LONGEST_RUNNER_PREFIX}<model>), so at most ${limit}; rename the file`,
      );
    }
    const field = configuredKeys.get(key(stage));
    if (field) refuse(`its stage table ${stage} is tables.${field} (${tables[field]}) ${on}: a run would replace it; change tables.stage_schema or rename the model`);
    const earlier = seen.get(key(stage));
    if (earlier) refuse(`its stage table ${stage} is also the stage table of model '${earlier.name}' ${on} (both ${key(stage)}); rename one`);
    else seen.set(key(stage), model);
  }
}

function tooLong(dialect: Dialect, name: string, report: (message: string) => void): void {
  const bytes = Buffer.byteLength(name, 'utf8');
  if (dialect.maxIdentifierBytes !== null && bytes > dialect.maxIdentifierBytes) {
    report(`'${name}' is ${bytes} bytes, longer than ${dialect.name} keeps (${dialect.maxIdentifierBytes}): the server would cut it short; use a shorter name`);
  }
}
