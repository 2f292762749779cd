import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { UsageError } from '../errors';
import { IDENTIFIER } from './identifiers';
import { projectConfig, varsConfig, type ProjectConfig, type TargetConfig, type Vars } from './schema';
import { zodMessage } from './zod-message';

export const PROJECT_FILE = 'backfill.yml';

/** Keys that would hold a secret: they must come from the environment, never from the file. */
const SECRET_KEYS = /^(password|passwd|pwd|secret|token|url|uri|dsn|connection_string|connection|private_key|credentials|keyfile|key_file|keyfile_json)$/i;

export interface LoadedProject {
  readonly dir: string;
  readonly config: ProjectConfig;
  readonly targetName: string;
  readonly target: TargetConfig;
  readonly vars: Vars;
}

export interface LoadOptions {
  readonly projectDir: string;
  readonly target?: string;
  readonly vars?: string;
}

/** Reads and validates backfill.yml, picks the target and merges --vars over the file's vars. */
export function loadProject(opts: LoadOptions): LoadedProject {
  const dir = path.resolve(opts.projectDir);
  const file = path.join(dir, PROJECT_FILE);
  if (!fs.existsSync(file)) {
    throw new UsageError(`${file}: not found; run from a project directory or pass --project-dir`);
  }
  const raw = parseYaml(fs.readFileSync(file, 'utf8'), PROJECT_FILE);
  rejectSecrets(raw, PROJECT_FILE);
  const parsed = projectConfig.safeParse(raw);
  if (!parsed.success) throw new UsageError(zodMessage(parsed.error, PROJECT_FILE));
  const config = parsed.data;
  const targetName = opts.target ?? config.target ?? Object.keys(config.targets)[0]!;
  const target = config.targets[targetName];
  if (!target) {
    throw new UsageError(`--target: '${targetName}' is not defined in ${PROJECT_FILE}; defined: ${Object.keys(config.targets).join(', ')}`);
  }
  return { dir, config, targetName, target, vars: mergeVars(config.vars, opts.vars) };
}

function mergeVars(base: Vars, override: string | undefined): Vars {
  if (override === undefined) return base;
  const extra = parseYaml(override, '--vars');
  if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
    throw new UsageError(`--vars: must be a YAML or JSON mapping, e.g. '{current_date_offset: 7}'`);
  }
  const bad = Object.keys(extra as Record<string, unknown>).find((k) => !IDENTIFIER.test(k));
  if (bad !== undefined) throw new UsageError(`--vars: '${bad.slice(0, 40)}' is not a variable name (letters, digits, underscore)`);
  const parsed = varsConfig.safeParse({ ...base, ...(extra as Record<string, unknown>) });
  if (!parsed.success) throw new UsageError(zodMessage(parsed.error, '--vars'));
  return parsed.data;
}

/** YAML (a superset of JSON) to a plain value, with a one-line error naming the source. */
export function parseYaml(text: string, source: string): unknown {
  try {
    // logLevel 'error': a YAML warning on stderr would break the one-line error contract; bad shapes fail validation.
    return YAML.parse(text, { uniqueKeys: true, maxAliasCount: 100, logLevel: 'error' });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(`${source}: not valid YAML or JSON (${msg})`);
  }
}

function rejectSecrets(raw: unknown, source: string): void {
  if (raw === null || typeof raw !== 'object') return;
  const targets = (raw as Record<string, unknown>)['targets'];
  if (targets === null || typeof targets !== 'object') return;
  for (const [name, target] of Object.entries(targets as Record<string, unknown>)) {
    if (target === null || typeof target !== 'object') continue;
    for (const key of Object.keys(target as Record<string, unknown>)) {
      if (SECRET_KEYS.test(key)) {
        throw new UsageError(
          `${source}: targets.${name}.${key}: secrets must not be written in the project file; put it in an environment variable and name that variable with ${secretEnvKey(key)}`,
        );
      }
    }
  }
}

function secretEnvKey(key: string): string {
  if (/^(url|uri|dsn|connection_string|connection)$/i.test(key)) return 'connection_env';
  if (/key|credentials/i.test(key)) return 'keyfile_env';
  return 'password_env';
}
