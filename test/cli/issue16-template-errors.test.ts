/**
 * Issue 16 item 16 through the real binary: a template error is exit 2, nothing written; the first stderr line is the
 * whole message (`error: models/x.sql:7:5: …`, as --json reports it), then the offending line and a caret under the spot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, jsonLines, seededCopies, snapshot, stderrLines } from '../helpers/cli';

let dir: string;
seededCopies((d) => (dir = d));

const MODEL = (line7: string): string =>
  ['{{config event_name="CardWasShipped"}}', 'select', '  event_id,', '  event_created_at,', '  user_id,', '  -- the status', line7, 'from {{events}}', ''].join('\n');

it.each([
  [
    'a misspelt helper',
    '   {{json_valu event_data "$.Status"}} as status',
    "error: models/card_shipped.sql:7:6: unknown helper 'json_valu'; did you mean 'json_value'?",
    ['  7 |    {{json_valu event_data "$.Status"}} as status', '    |      ^'],
  ],
  [
    "an unclosed '}}'",
    '   {{json_value event_data "$.Status"} as status',
    "error: models/card_shipped.sql:7:4: template syntax: this '{{' is not closed by '}}' (the parser gave up at 7:38)",
    ['  7 |    {{json_value event_data "$.Status"} as status', '    |    ^'],
  ],
])('%s: exit 2, file:line:column, the line and a caret; nothing written', async (_what, line7, first, excerpt) => {
  fs.writeFileSync(path.join(dir, 'models', 'card_shipped.sql'), MODEL(line7));
  const before = await snapshot(dir);
  for (const argv of [['run', '--as-of', AS_OF], ['run', '--full-refresh', '--as-of', AS_OF], ['compile']]) {
    const r = cli(dir, argv);
    expect({ status: r.status, lines: stderrLines(r) }).toEqual({ status: 2, lines: [first, ...excerpt] });
    expect(r.stdout).toBe('');
  }
  // --debug adds the stack trace after them.
  const debug = cli(dir, ['run', '--as-of', AS_OF, '--debug']);
  expect(stderrLines(debug).slice(0, 3)).toEqual([first, ...excerpt]);
  const json = cli(dir, ['run', '--json', '--as-of', AS_OF]);
  expect(json.status).toBe(2);
  expect(jsonLines(json)).toEqual([{ status: 'error', exit_code: 2, error: first.replace(/^error: /, '') }]);
  expect(await snapshot(dir)).toEqual(before);
  expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
});
