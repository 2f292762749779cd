import type { z } from 'zod';

/** One line naming the field and what is wrong, from the first zod issue. */
export function zodMessage(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  return issue ? issueMessage(issue, prefix) : `${prefix}: invalid`;
}

/** One issue as `<path>: what is wrong`. */
export function issueMessage(issue: z.core.$ZodIssue, prefix: string): string {
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  if (issue.code === 'unrecognized_keys') {
    return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}; remove ${issue.keys.length > 1 ? 'them' : 'it'} or check the spelling`;
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return `${path}: is required (${issue.expected}); add it`;
  }
  if (issue.code === 'invalid_key' && issue.issues[0]) {
    return `${path}: key '${String(issue.path[issue.path.length - 1] ?? '')}' ${issue.issues[0].message}`;
  }
  if (issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator') {
    // The union's own values (target types, sink types), so no list here goes stale.
    const options = 'options' in issue && Array.isArray(issue.options) ? issue.options.map(String).join(', ') : '';
    return `${path}: unknown type; use one of ${options}`;
  }
  return `${path}: ${issue.message}`;
}
