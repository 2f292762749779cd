import type { z } from 'zod';
import { issueMessage } from '../config/zod-message';
import { didYouMean } from '../suggest';

/** The part of a macro's front matter its `--args` message needs (kept apart from macro-args.ts: no cycle). */
interface ArgsHeader {
  readonly args: Readonly<Record<string, unknown>>;
  readonly exactly_one_of: readonly (readonly string[])[];
}

/**
 * Every problem with a macro's `--args` in one line (missing, wrong and unknown keys together, so one try shows
 * them all): each unknown key with its did-you-mean, then the macro's arguments.
 */
export function argsMessage(macro: string, header: ArgsHeader, error: z.ZodError, raw: Record<string, unknown>): string {
  const known = Object.keys(header.args);
  const parts: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const at = ['--args', ...issue.path.map(String)].join('.');
      for (const key of issue.keys) parts.push(`${at}: unknown key '${key}'${issue.path.length === 0 ? didYouMean(key, known) : ''}`);
    } else parts.push(issueMessage(issue, '--args'));
  }
  // The groups are checked by a refinement zod skips once a field failed: checked here too, so all show at once.
  if (!error.issues.some((i) => i.code === 'custom')) parts.push(...groupProblems(header, raw));
  const unknownKey = error.issues.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
  const list = unknownKey ? `; arguments of ${macro}: ${known.join(', ') || '(none)'} (backfill run-operation ${macro} --help)` : '';
  return `${parts.join('; ')}${list}`;
}

/** `--args.a: one of a or b is required` / `give only one of a or b` for each exactly_one_of group. */
function groupProblems(header: ArgsHeader, raw: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const group of header.exactly_one_of) {
    const given = group.filter((k) => raw[k] !== undefined);
    if (given.length === 0) out.push(`--args.${group[0]}: one of ${group.join(' or ')} is required`);
    else if (given.length > 1) out.push(`--args.${group[0]}: give only one of ${group.join(' or ')}`);
  }
  return out;
}
