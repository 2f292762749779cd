import { lazy, type Command } from '../command';
import { selectionOptions } from '../options';

/** `backfill plan run-operation <macro> --args …`: what it would write and rebuild; nothing is kept. */
export const planOperationCommand: Command = {
  command: 'run-operation <macro>',
  describe: 'rows it would add, events and users it would touch, days each model would rebuild',
  options: (y) => y.positional('macro', { type: 'string', demandOption: true }).option('args', { type: 'string' }),
  handle: lazy(() => (require('../handlers/plan') as typeof import('../handlers/plan')).planOperationHandler),
};

/** `backfill plan run [--select] [--full-refresh]`: what the next run would rebuild and why. */
export const planRunCommand: Command = {
  command: 'run',
  describe: 'days and models the next run would rebuild, and the events written since',
  options: (y) => selectionOptions(y, 'models to plan').option('full-refresh', { type: 'boolean', default: false }),
  handle: lazy(() => (require('../handlers/plan') as typeof import('../handlers/plan')).planRunHandler),
};

/** `backfill plan`: only groups its two subcommands. */
export const planCommand: Command = {
  command: 'plan',
  describe: 'what an operation or the next run would do, without writing anything',
  options: (y) => y.demandCommand(1, 'plan what: run-operation <macro> or run'),
  subcommands: [planOperationCommand, planRunCommand],
};
