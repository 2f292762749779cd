/**
 * Issue 16 item 16 leftovers through the real binary: a helper refusing its arguments, and a misspelt context name,
 * are exit 2 with file:line:column, the line and a caret; nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, cli, seededCopies, snapshot, stderrLines } from '../helpers/cli';

let dir: string;
seededCopies((d) => (dir = d));

const MODEL = (line4: string): string => ['{{config event_name="CardWasShipped"}}', 'select', '  event_id,', line4, 'from {{events}}', ''].join('\n');

it.each([
  ['json_value without its path', '  {{json_value "event_data"}} as status', 'error: models/card_shipped.sql:4:3: json_value: a JSON path is missing; add one like "$.Status" or "$.card.status"', '    |   ^'],
  ['a misspelt context name', '  {{tabels.exceptions}} as x', "error: models/card_shipped.sql:4:5: 'tabels' is not defined (in 'tabels.exceptions'); did you mean 'tables'?", '    |     ^'],
])('%s: exit 2, the place, the line and a caret; nothing written', async (_what, line4, first, caret) => {
  fs.writeFileSync(path.join(dir, 'models', 'card_shipped.sql'), MODEL(line4));
  const before = await snapshot(dir);
  for (const argv of [['run', '--full-refresh', '--as-of', AS_OF], ['compile']]) {
    const r = cli(dir, argv);
    expect({ status: r.status, lines: stderrLines(r) }).toEqual({ status: 2, lines: [first, `  4 | ${line4}`, caret] });
  }
  expect(await snapshot(dir)).toEqual(before);
});
