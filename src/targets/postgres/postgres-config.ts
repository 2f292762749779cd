import { z } from 'zod';
import { envName } from '../../config/identifiers';
import { UsageError } from '../../errors';

/** `type: postgres` or `cockroachdb`: a server, its URL or password from the environment. */
export const postgresTarget = z.strictObject({
  type: z.enum(['postgres', 'cockroachdb']),
  connection_env: envName.optional(),
  host: z.string().optional(),
  port: z.number().int().positive().optional(),
  database: z.string().optional(),
  user: z.string().optional(),
  password_env: envName.optional(),
});

export type PostgresTargetConfig = z.infer<typeof postgresTarget>;

/** knex connection settings for a postgres/cockroachdb target; secrets come from the environment only. */
export function postgresConnection(config: PostgresTargetConfig, targetName: string, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const where = `targets.${targetName}`;
  if (config.connection_env) {
    const url = env[config.connection_env];
    if (!url) throw new UsageError(`${where}: environment variable ${config.connection_env} is not set; export it with the connection URL (postgres://user:password@host:port/db)`);
    return { connectionString: url };
  }
  if (!config.host) throw new UsageError(`${where}: give connection_env (a variable holding the URL) or host/port/database/user`);
  let password: string | undefined;
  if (config.password_env) {
    password = env[config.password_env];
    if (password === undefined) throw new UsageError(`${where}: environment variable ${config.password_env} is not set; export it with the password`);
  }
  return { host: config.host, port: config.port ?? (config.type === 'cockroachdb' ? 26257 : 5432), database: config.database, user: config.user, password };
}

/** Where a connection goes, for messages (never the password). */
export function describeConnection(conn: Record<string, unknown>): string {
  if (typeof conn['connectionString'] === 'string') {
    try {
      const u = new URL(conn['connectionString']);
      return `${u.hostname}:${u.port || 5432}${u.pathname}`;
    } catch {
      return 'the configured URL';
    }
  }
  return `${String(conn['host'])}:${String(conn['port'])}/${String(conn['database'] ?? '')}`;
}
