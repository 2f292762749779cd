import { splitStatements } from '../compiler/sql-text';
import type { Catalog } from './catalog';
import { learnFrom } from './learn';
import type { ZetasqlClient } from './package';
import { waitUntilReady } from './service';
import { parameterTypes } from './types';

/** Where the analyzer found a problem: ZetaSQL's message and its 1-based line and column in the analyzed text. */
export interface AnalyzerError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface AnalyzedStatement {
  readonly sql: string;
  /** ZetaSQL's resolved statement (AnyResolvedStatementProto) when it analyzed cleanly. */
  readonly resolved: Record<string, unknown> | null;
  readonly error: AnalyzerError | null;
}

/** A running service: a client for it, and which process it is (see ZetasqlService.generation). */
export interface ClientSource {
  client(): Promise<ZetasqlClient>;
  readonly generation: number;
}

/** The statement kinds BigQuery runs that the framework or an analyst sends; ZetaSQL refuses DML and DDL otherwise. */
export const STATEMENT_KINDS = [
  'RESOLVED_QUERY_STMT', 'RESOLVED_INSERT_STMT', 'RESOLVED_UPDATE_STMT', 'RESOLVED_DELETE_STMT', 'RESOLVED_MERGE_STMT', 'RESOLVED_TRUNCATE_STMT',
  'RESOLVED_CREATE_TABLE_STMT', 'RESOLVED_CREATE_TABLE_AS_SELECT_STMT', 'RESOLVED_CREATE_SCHEMA_STMT', 'RESOLVED_CREATE_VIEW_STMT',
  'RESOLVED_ALTER_TABLE_STMT', 'RESOLVED_DROP_STMT', 'RESOLVED_BEGIN_STMT', 'RESOLVED_COMMIT_STMT', 'RESOLVED_ROLLBACK_STMT', 'RESOLVED_CALL_STMT',
];

const AT = /\s*\[at (\d+):(\d+)\]$/;

/**
 * ZetaSQL's analyzer with BigQuery-like options (every language feature of this build, external product mode,
 * UTC), over a catalog registered once per catalog version and service process.
 */
export class Analyzer {
  private options: { gen: number; value: object } | null = null;
  private readonly registered = new WeakMap<Catalog, { gen: number; version: number; id: unknown }>();

  /** `pruneUnusedColumns`: each table scan lists only the columns the statement references (what BigQuery bills). */
  constructor(private readonly service: ClientSource, private readonly extra: { readonly pruneUnusedColumns?: boolean } = {}) {}

  /**
   * Analyzes each statement of a script in turn (ZetaSQL's parse-resume walk), with each query parameter declared
   * as the BigQuery client would type it. A statement that fails is reported and the walk goes on after its `;`.
   * With `learn`, what a statement creates (tables, added columns, datasets) joins the catalog for the next ones.
   */
  async analyzeScript(sql: string, params: Readonly<Record<string, unknown>>, catalog: Catalog, opts: { learn?: boolean; types?: object[] } = {}): Promise<AnalyzedStatement[]> {
    const bytes = Buffer.from(sql, 'utf8');
    // `types`: parameters already typed (the BigQuery emulator has them as the REST request declares them).
    const queryParameters = opts.types ?? parameterTypes(params);
    const out: AnalyzedStatement[] = [];
    let pos = 0;
    while (splitStatements(bytes.subarray(pos).toString('utf8'), true).length > 0) {
      const step = await this.step(sql, pos, queryParameters, catalog);
      if ('error' in step) {
        const next = statementEnd(bytes, pos);
        out.push({ sql: bytes.subarray(pos, next).toString('utf8').replace(/;\s*$/, '').trim(), resolved: null, error: step.error });
        pos = next;
        continue;
      }
      const text = bytes.subarray(pos, step.resume).toString('utf8').replace(/;\s*$/, '').trim();
      out.push({ sql: text, resolved: step.resolved, error: null });
      if (opts.learn) learnFrom(catalog, step.resolved);
      if (step.resume <= pos) break;
      pos = step.resume;
    }
    return out;
  }

  private async step(input: string, bytePosition: number, queryParameters: object[], catalog: Catalog, retried = false): Promise<{ resolved: Record<string, unknown>; resume: number } | { error: AnalyzerError }> {
    const client = await this.service.client();
    try {
      const options = { ...(await this.languageOptions(client)), queryParameters, ...this.extra };
      const registeredCatalogId = await this.register(client, catalog);
      const res = await client.analyze({ options, registeredCatalogId, parseResumeLocation: { input, bytePosition, allowResume: true } });
      return { resolved: res?.resolvedStatement ?? {}, resume: Number(res?.resumeBytePosition ?? Buffer.byteLength(input, 'utf8')) };
    } catch (err) {
      const e = err as { code?: number; details?: string };
      // The service restarted (unavailable meanwhile, its registered catalogs gone): register again, once.
      if (!retried && (e.code === 14 || /registered catalog/i.test(e.details ?? ''))) {
        this.registered.delete(catalog);
        if (e.code === 14) await waitUntilReady(await this.service.client());
        return this.step(input, bytePosition, queryParameters, catalog, true);
      }
      if (e.code === 3 && e.details !== undefined) return { error: parseError(e.details) };
      throw err;
    }
  }

  private async languageOptions(client: ZetasqlClient): Promise<{ languageOptions: object; errorMessageMode: string; defaultTimezone: string }> {
    if (!this.options || this.options.gen !== this.service.generation) {
      const max = await client.getLanguageOptions({ maximumFeatures: true });
      const languageOptions = { ...max, supportedStatementKinds: STATEMENT_KINDS, productMode: 'PRODUCT_EXTERNAL' };
      this.options = { gen: this.service.generation, value: languageOptions };
    }
    return { languageOptions: this.options.value, errorMessageMode: 'ERROR_MESSAGE_ONE_LINE', defaultTimezone: 'UTC' };
  }

  private async register(client: ZetasqlClient, catalog: Catalog): Promise<unknown> {
    const known = this.registered.get(catalog);
    if (known && known.gen === this.service.generation && known.version === catalog.version) return known.id;
    if (known && known.gen === this.service.generation) await client.unRegisterCatalog({ registeredId: known.id }).catch(() => undefined);
    const { languageOptions } = await this.languageOptions(client);
    const res = await client.registerCatalog({ simpleCatalog: catalog.toProto(languageOptions) });
    this.registered.set(catalog, { gen: this.service.generation, version: catalog.version, id: res?.registeredId });
    return res?.registeredId;
  }
}

function parseError(details: string): AnalyzerError {
  const m = AT.exec(details);
  return { message: details.replace(AT, ''), line: m ? Number(m[1]) : 1, column: m ? Number(m[2]) : 1 };
}

/** The byte offset just after the `;` ending the statement that starts at `pos` (or the end of the text). */
function statementEnd(bytes: Buffer, pos: number): number {
  const rest = bytes.subarray(pos).toString('utf8');
  const first = splitStatements(rest, true)[0];
  if (first === undefined) return bytes.length;
  const end = rest.indexOf(first) + first.length;
  const semi = rest.indexOf(';', end);
  const chars = semi < 0 ? rest.length : semi + 1;
  return pos + Buffer.byteLength(rest.slice(0, chars), 'utf8');
}
