/**
 * The BigQuery emulator (issue 20) for a test file: started before its tests on the suite's ZetaSQL service, its
 * endpoint exported in BACKFILL_BIGQUERY_EMULATOR (where TestWarehouse's `bigquery` target points), stopped after.
 * `observe`: told each statement the emulator runs, with its bytes. A test file using it also needs: jest.mock('teeny-request', () => require('../helpers/bigquery-mock').nativeTeenyRequest());
 */
import type { StatementObserver } from '../../src/emulator/bigquery/engine';
import { BigqueryEmulator } from '../../src/emulator/bigquery/server';
import { AttachedService } from '../../src/zetasql/service';

export function useBigqueryEmulator(opts: { observe?: StatementObserver } = {}): { readonly emulator: () => BigqueryEmulator } {
  let emulator: BigqueryEmulator | null = null;
  beforeAll(async () => {
    emulator = new BigqueryEmulator(new AttachedService(Number(process.env['BACKFILL_ZETASQL_PORT'])), opts);
    process.env['BACKFILL_BIGQUERY_EMULATOR'] = await emulator.start();
  });
  afterAll(async () => {
    delete process.env['BACKFILL_BIGQUERY_EMULATOR'];
    await emulator?.stop();
  });
  return { emulator: () => emulator! };
}
