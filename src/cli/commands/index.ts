import type { Command } from '../command';
import { applyCommand } from './apply';
import { changesCommand } from './changes';
import { checkCommand } from './check';
import { compileCommand } from './compile';
import { debugCommand } from './debug';
import { emulatorCommand } from './emulator';
import { generateCommand } from './generate';
import { importCommand } from './import';
import { initCommand } from './init';
import { lintCommand } from './lint';
import { lsCommand } from './ls';
import { migrateCommand } from './migrate';
import { operationsCommand } from './operations';
import { planCommand } from './plan';
import { reportCommand } from './report';
import { resumeCommand } from './resume';
import { revertCommand } from './revert';
import { runCommand } from './run';
import { runOperationCommand } from './run-operation';

/** Every command, in the order `backfill --help` lists them: their surfaces only (handlers load when one runs). */
export const COMMANDS: readonly Command[] = [
  initCommand,
  debugCommand,
  migrateCommand,
  runOperationCommand,
  runCommand,
  changesCommand,
  compileCommand,
  lintCommand,
  lsCommand,
  operationsCommand,
  revertCommand,
  planCommand,
  importCommand,
  reportCommand,
  checkCommand,
  resumeCommand,
  applyCommand,
  generateCommand,
  emulatorCommand,
];
