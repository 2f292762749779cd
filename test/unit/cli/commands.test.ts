/**
 * The shape of the CLI: every command module is registered, only the one wrap opens (and closes) a warehouse, and a
 * command's own arg checks are bad usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seal, type Command } from '../../../src/cli/command';
import { COMMANDS } from '../../../src/cli/commands';
import { operationsHandler } from '../../../src/cli/handlers/operations';
import { Output } from '../../../src/cli/output';
import { UsageError } from '../../../src/errors';

const CLI = path.join(__dirname, '..', '..', '..', 'src', 'cli');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Every registered command, subcommands included, as `command | describe` (subcommands share names: `run`). */
function flatten(cmds: readonly Command[]): string[] {
  return cmds.flatMap((c) => [`${c.command} | ${c.describe}`, ...flatten(c.subcommands ?? [])]);
}

const isCommand = (v: unknown): v is Command => typeof v === 'object' && v !== null && 'command' in v && 'describe' in v;
const handlerNames = (file: string): string[] => Object.entries(require(file) as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'object' && v !== null && 'args' in v && 'run' in v ? [k] : []));

describe('src/cli', () => {
  it('registers every command under src/cli/commands, each handler loaded by its command', () => {
    const registered = new Set(flatten(COMMANDS));
    const modules = fs.readdirSync(path.join(CLI, 'commands')).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    const defined = modules.flatMap((f) => Object.values(require(path.join(CLI, 'commands', f)) as Record<string, unknown>).filter(isCommand));
    expect(defined.length).toBeGreaterThanOrEqual(modules.length);
    expect(defined.map((m) => `${m.command} | ${m.describe}`).filter((m) => !registered.has(m))).toEqual([]);
    // A handler no command requires would never run: each is named in its command's file.
    const handlers = fs.readdirSync(path.join(CLI, 'handlers')).filter((f) => f.endsWith('.ts'));
    expect(handlers.sort()).toEqual(modules.sort());
    const unloaded = handlers.flatMap((f) => handlerNames(path.join(CLI, 'handlers', f)).filter((h) => !fs.readFileSync(path.join(CLI, 'commands', f), 'utf8').includes(`.${h})`)));
    expect(unloaded).toEqual([]);
  });

  it('opens and closes warehouses in context.ts only (the one wrap)', () => {
    const offenders = tsFiles(CLI)
      .filter((f) => path.basename(f) !== 'context.ts')
      .filter((f) => /\bopenWarehouse\b|\.close\(\)/.test(fs.readFileSync(f, 'utf8')));
    expect(offenders.map((f) => path.relative(CLI, f))).toEqual([]);
  });

  it("says a command's own arg problem as bad usage, before loading anything", async () => {
    const io = { globals: { projectDir: '/nonexistent', dryRun: false, json: false, debug: false }, out: new Output(false, () => undefined, () => undefined), stdout: () => undefined };
    const run = seal(operationsHandler)({ action: 'repair', id: '7f3c', limit: 50, 'mark-failed': false, force: false }, io);
    await expect(run).rejects.toThrow(UsageError);
    await expect(run).rejects.toThrow(/^operations repair 7f3c: add --mark-failed/);
  });
});
