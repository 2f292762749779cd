import os from 'node:os';

/** Who runs it: user@host, plus the CI job when there is one. */
export function runBy(): string {
  const ci = process.env['GITHUB_RUN_ID'] ?? process.env['CI_JOB_ID'];
  let user = 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env['USER'] ?? 'unknown';
  }
  return `${user}@${os.hostname()}${ci ? ` (ci ${ci})` : ''}`;
}
