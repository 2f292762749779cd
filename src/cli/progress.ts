import type cliProgress from 'cli-progress';
import type { Output } from './output';
import type { BatchProgress } from '../rebuild/results';

/** Batch progress: a bar on a terminal, one plain line per batch otherwise, JSON events with --json. */
export function batchReporter(out: Output, tty: boolean = process.stderr.isTTY === true): { onBatch: (p: BatchProgress) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  let barModel = '';
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  const onBatch = (p: BatchProgress): void => {
    out.event({ batch: p.batch, of: p.of, model: p.model, first_day: p.firstDay, last_day: p.lastDay, rows: p.rows });
    if (out.json) return;
    if (!tty) {
      out.say(`${p.model}: batch ${p.batch}/${p.of} (${p.firstDay} … ${p.lastDay}) ${p.rows} rows`);
      return;
    }
    if (!bar || barModel !== p.model) {
      stop();
      barModel = p.model;
      // Loaded for a bar only: a run without batches (or off a terminal) does without it.
      const { SingleBar, Presets } = require('cli-progress') as typeof cliProgress;
      bar = new SingleBar({ format: `${p.model} [{bar}] {value}/{total} batches, through {day}`, stream: process.stderr }, Presets.shades_classic);
      bar.start(p.of, 0, { day: '' });
    }
    bar.update(p.batch, { day: p.lastDay });
    if (p.batch >= p.of) stop();
  };
  return { onBatch, stop };
}
