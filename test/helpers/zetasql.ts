import { Analyzer } from '../../src/zetasql/analyzer';
import { AttachedService, ZetasqlService } from '../../src/zetasql/service';

/**
 * An analyzer on the suite's ZetaSQL service (started by jest's global set-up, BACKFILL_ZETASQL_PORT), or on one of
 * its own when run without it; `stop` ends only a service it started.
 */
export function suiteAnalyzer(): { analyzer: Analyzer; stop: () => void } {
  const port = Number(process.env['BACKFILL_ZETASQL_PORT'] ?? 0);
  if (port > 0) return { analyzer: new Analyzer(new AttachedService(port)), stop: () => undefined };
  const own = new ZetasqlService();
  return { analyzer: new Analyzer(own), stop: () => own.stop() };
}
