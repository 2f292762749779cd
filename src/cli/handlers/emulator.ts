import { z } from 'zod';
import { given } from '../args';
import type { CommandHandler } from '../command';

const ARGS = z.object({ warehouse: given<string>(), port: given<number>(), location: given<string>() });

/**
 * `backfill emulator bigquery [--port p]`: a local BigQuery REST endpoint executing on ZetaSQL's reference
 * evaluator (src/emulator/bigquery), serving until SIGINT or SIGTERM. The emulator and ZetaSQL load only here.
 */
export const emulatorHandler: CommandHandler<z.infer<typeof ARGS>> = {
  args: ARGS,
  run: async (a, { out }) => {
    const { ZetasqlService } = await import('../../zetasql/service');
    const { BigqueryEmulator } = await import('../../emulator/bigquery/server');
    const service = new ZetasqlService((line) => out.warn(line));
    await service.start();
    const emulator = new BigqueryEmulator(service, { location: a.location ?? 'EU' });
    const endpoint = await emulator.start(a.port ?? 9050);
    out.say(`emulator: BigQuery on ZetaSQL at ${endpoint} (set api_endpoint: ${endpoint} in a bigquery target); Ctrl-C stops it`);
    out.event({ command: 'emulator', status: 'serving', endpoint });
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await emulator.stop();
    service.stop();
    return 0;
  },
};
