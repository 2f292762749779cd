import { loadProject } from '../config/load';
import { compileProject } from '../compiler/project';
import type { RunContext } from '../compiler/statements';
import { dialectFor } from '../targets/registry';
import { parseAsOf } from '../compiler/timestamps';

/** The options every command takes (SPEC §6). */
export interface GlobalOptions {
  readonly target?: string;
  readonly projectDir: string;
  readonly vars?: string;
  readonly asOf?: string;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly debug: boolean;
}

/** Loads, validates and compiles the project for the selected target: no warehouse touched. */
export function loadContext(opts: GlobalOptions): RunContext {
  const asOf = parseAsOf(opts.asOf);
  const project = loadProject({ projectDir: opts.projectDir, target: opts.target, vars: opts.vars });
  const compiled = compileProject(project, dialectFor(project.target));
  return { project, compiled, asOf };
}
