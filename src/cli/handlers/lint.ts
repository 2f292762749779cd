import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../errors';
import { bigqueryPlace } from '../../targets/bigquery/bigquery-config';
import { Analyzer } from '../../zetasql/analyzer';
import { lintSql } from '../../zetasql/lint';
import { projectCatalog } from '../../zetasql/project-catalog';
import { ZetasqlService } from '../../zetasql/service';
import { text } from '../args';
import type { CommandHandler } from '../command';
import { withContext } from '../context';

const ARGS = z.object({ file: text });

/**
 * `backfill lint <file.sql>`: an analyst's own BigQuery SQL analyzed by ZetaSQL (the front end BigQuery is built
 * on) against the project's tables, as its migrations and models create them. Never connects. Exit 1 on an error.
 */
export const lintHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: (a, { globals, out }) =>
    withContext(globals, async (ctx) => {
      const place = bigqueryPlace(ctx.project.target);
      if (!place) throw new UsageError(`lint: target '${ctx.project.targetName}' is not a BigQuery target; pick one with --target`);
      const file = path.resolve(a.file);
      if (!fs.existsSync(file)) throw new UsageError(`lint: ${a.file} does not exist; give the path of a .sql file`);
      const sql = fs.readFileSync(file, 'utf8');
      const service = new ZetasqlService();
      try {
        const analyzer = new Analyzer(service);
        const { catalog } = await projectCatalog(ctx, analyzer, place);
        const result = await lintSql(sql, analyzer, catalog);
        for (const note of result.notes) out.say(`note: ${a.file}: ${note}`);
        for (const e of result.errors) out.say(`${a.file}:${e.line}:${e.column}: ${e.message}`);
        out.event({ command: 'lint', file: a.file, status: result.errors.length ? 'failed' : 'succeeded', statements: result.statements, errors: result.errors, notes: result.notes });
        out.say(`lint: ${a.file}: ${result.statements} statements analyzed by ZetaSQL, ${result.errors.length} errors`);
        return result.errors.length ? 1 : 0;
      } finally {
        service.stop();
      }
    }),
};
