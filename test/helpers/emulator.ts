/**
 * The BigQuery emulator (issue 20) for a test file: started before its tests on the suite's ZetaSQL service (or on
 * the file's own, `service`), its endpoint exported in BACKFILL_BIGQUERY_EMULATOR (where TestWarehouse's `bigquery`
 * target points), stopped after. `observe`: told each statement the emulator runs, with its bytes.
 * A test file using it also needs: jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());
 */
import type { StatementObserver } from '../../src/emulator/bigquery/engine';
import { BigqueryEmulator } from '../../src/emulator/bigquery/server';
import type { ClientSource } from '../../src/zetasql/analyzer';
import { zetasqlModule, type ZetasqlClient } from '../../src/zetasql/package';
import { AttachedService, ZetasqlService } from '../../src/zetasql/service';

export function useBigqueryEmulator(opts: { service?: ClientSource; observe?: StatementObserver } = {}): { readonly emulator: () => BigqueryEmulator; readonly endpoint: () => string } {
  let emulator: BigqueryEmulator | null = null;
  let endpoint = '';
  beforeAll(async () => {
    emulator = new BigqueryEmulator(opts.service ?? new AttachedService(Number(process.env['BACKFILL_ZETASQL_PORT'])), opts);
    endpoint = await emulator.start();
    process.env['BACKFILL_BIGQUERY_EMULATOR'] = endpoint;
  });
  afterAll(async () => {
    delete process.env['BACKFILL_BIGQUERY_EMULATOR'];
    await emulator?.stop();
  });
  return { emulator: () => emulator!, endpoint: () => endpoint };
}

type Promisify = (request: object, fn: unknown) => Promise<unknown>;
type Api = Record<string, (request: object, cb: (err: unknown, res: unknown) => void) => unknown>;

/**
 * A ZetaSQL service of the test file's own (supervised: restarted as soon as it dies) that a test crashes in the
 * middle of the evaluation it names: that request is replaced by one that kills the process while it evaluates it
 * (an INSERT into a table declaring a primary key: "Connection dropped", the process gone), so the emulator's call
 * meets a service dying under it, as in a real crash.
 */
export class KillableService implements ClientSource {
  readonly service = new ZetasqlService();
  private armed: RegExp | null = null;
  /** The SQL of every evaluation (EvaluateQuery/EvaluateModify) since the last `killBefore`. */
  evaluated: string[] = [];

  get generation(): number {
    return this.service.generation;
  }

  /** Crashes the process on the next evaluation whose SQL matches `sql` (once). */
  killAt(sql: RegExp): void {
    this.armed = sql;
    this.evaluated = [];
  }

  /** Whether the armed crash has happened. */
  get fired(): boolean {
    return this.armed === null;
  }

  async client(): Promise<ZetasqlClient> {
    const real = (await this.service.client()) as ZetasqlClient & { promisify: Promisify };
    const promisify: Promisify = async (request, fn) => {
      const sql = (request as { sql?: unknown }).sql;
      if (!('tableContent' in request) || typeof sql !== 'string') return real.promisify(request, fn);
      this.evaluated.push(sql);
      if (!this.armed?.test(sql)) return real.promisify(request, fn);
      this.armed = null;
      const api = (zetasqlModule().ZetaSQLClient as unknown as { API: Api }).API;
      return real.promisify(poisoned(request), api['evaluateModify']!.bind(api));
    };
    return new Proxy(real, { get: (target, prop, receiver) => (prop === 'promisify' ? promisify : Reflect.get(target, prop, receiver)) });
  }

  stop(): void {
    this.service.stop();
  }
}

/** The request with its SQL and tables replaced by an INSERT into a keyed table (which this build dies on). */
function poisoned(request: object): object {
  const r = request as { simpleCatalog: object; options: object };
  const table = { name: 'poison', column: [{ name: 'k', type: { typeKind: 'TYPE_INT64' } }], primaryKeyColumnIndex: [0] };
  return {
    ...r, sql: 'INSERT INTO poison (k) VALUES (1)', params: [],
    simpleCatalog: { ...r.simpleCatalog, table: [table] }, tableContent: { poison: { tableData: { row: [] } } },
    options: { ...r.options, queryParameters: [] },
  };
}
