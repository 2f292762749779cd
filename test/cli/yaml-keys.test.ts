/** A YAML mapping used as a key (`{{x}}`) is a bad argument: one error line, no library warning on stderr. */
import { cli, expectUsageError, removeDir, seededProject } from '../helpers/cli';

it.each([
  [['run-operation', 'update_event_data', '--args', '{{x}}'], /--args/],
  [['run', '--vars', '{{x}}'], /--vars: .* is not a variable name/],
])('%j exits 2 with exactly one stderr line', async (argv, message) => {
  const dir = await seededProject();
  try {
    expectUsageError(cli(dir, argv), message);
  } finally {
    removeDir(dir);
  }
});
