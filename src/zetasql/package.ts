import path from 'node:path';
import { UsageError } from '../errors';

/**
 * The parts of @fivetrandevelopers/zetasql (an optional dependency, ~110 MB) this folder uses, typed here so that a
 * project built without optional dependencies still compiles. Loaded only when a command analyzes SQL.
 */
export interface ZetasqlClient {
  formatSql(request: { sql: string }): Promise<unknown>;
  registerCatalog(request: { simpleCatalog: object }): Promise<{ registeredId?: unknown } | undefined>;
  unRegisterCatalog(request: { registeredId: unknown }): Promise<unknown>;
  analyze(request: object): Promise<AnalyzeResponse | undefined>;
  getLanguageOptions(request: { maximumFeatures?: boolean }): Promise<LanguageOptionsProto | undefined>;
}

export interface LanguageOptionsProto {
  readonly enabledLanguageFeatures: readonly unknown[];
  readonly [key: string]: unknown;
}

export interface AnalyzeResponse {
  readonly resolvedStatement?: Record<string, unknown> | null;
  readonly resumeBytePosition?: number;
}

interface ZetasqlModule {
  ZetaSQLClient: { init(port: number): void; getInstance(): ZetasqlClient };
}

export const PACKAGE = '@fivetrandevelopers/zetasql';
const MISSING = `the ZetaSQL analyzer is not installed; run: npm install ${PACKAGE}`;

/** The package's module, required on first use; a one-line UsageError when it is not installed. */
export function zetasqlModule(): ZetasqlModule {
  try {
    return require(PACKAGE) as ZetasqlModule;
  } catch (err) {
    if ((err as { code?: string }).code === 'MODULE_NOT_FOUND') throw new UsageError(MISSING);
    throw err;
  }
}

/** The ZetaSQL local service binary the package ships (Linux x86-64, gRPC). */
export function serverBinary(): string {
  let main: string;
  try {
    main = require.resolve(PACKAGE);
  } catch {
    throw new UsageError(MISSING);
  }
  const arm = process.arch.startsWith('arm') ? '_arm' : '';
  return path.join(path.dirname(main), 'zetasql', `remote_server${arm}${process.platform === 'darwin' ? '' : '.so'}`);
}
