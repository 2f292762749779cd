/**
 * The supervised ZetaSQL service (src/zetasql/service.ts): started on a free port and waited for, restarted on the
 * same port when it dies unasked (what was registered with it is registered again), stopped on request.
 */
import { Analyzer } from '../../src/zetasql/analyzer';
import { Catalog } from '../../src/zetasql/catalog';
import { ZetasqlService } from '../../src/zetasql/service';

const service = new ZetasqlService();
afterAll(() => service.stop());

const catalog = new Catalog(null, []);
catalog.addTable(['kinesis', 'backend_events'], [{ name: 'event_id', type: { typeKind: 'TYPE_STRING' } }]);

it('answers, survives being killed, and stops', async () => {
  const analyzer = new Analyzer(service);
  const [ok] = await analyzer.analyzeScript('SELECT event_id FROM kinesis.backend_events', {}, catalog);
  expect(ok!.error).toBeNull();
  const [port, pid] = [service.port, service.pid!];
  expect(port).toBeGreaterThan(0);
  process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  const [again] = await analyzer.analyzeScript('SELECT nope FROM kinesis.backend_events', {}, catalog);
  expect(again!.error).toEqual({ message: 'Unrecognized name: nope', line: 1, column: 8 });
  expect(service.generation).toBe(2);
  expect(service.port).toBe(port);
  expect(service.pid).not.toBe(pid);
  const last = service.pid!;
  service.stop();
  await new Promise((r) => setTimeout(r, 300));
  expect(() => process.kill(last, 0)).toThrow();
});
