/**
 * `backfill report` (issue 21): target/report.html by default, self-contained, opened in Debian's headless chromium
 * at a phone width (no horizontal scroll) and a wide one; the summary, the per-day figures and bars, the ledger with
 * short ids linking to each operation's SQL, and a `<script>` description shown as text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AS_OF, cli, expectUsageError, jsonLines, removeDir, seededProject } from '../helpers/cli';
import { CHROMIUM } from '../helpers/chromium';

const HOSTILE = '<script>alert(1)</script> & "quotes"';
let dir: string;
let browser: Browser;
const ids: Record<string, string> = {};

/** The operation id of a `--json` command's summary line. */
function operationId(args: string[]): string {
  const r = cli(dir, [...args, '--json', '--as-of', AS_OF]);
  expect(r.status).toBe(0);
  return String(jsonLines(r).pop()!['operation_id']);
}

beforeAll(async () => {
  dir = await seededProject();
  ids['run'] = operationId(['run']);
  // Neither is rebuilt yet: c1 (2026-11-22) is to leave the stage table, c3 (2026-11-01, outside the window) to change.
  ids['exclude'] = operationId(['run-operation', 'add_duplicates_to_exclusions', '--args', JSON.stringify({ stage_table_name: 'card_shipped', event_id: 'c1', description: HOSTILE })]);
  ids['update'] = operationId(['run-operation', 'update_event_data', '--args', JSON.stringify({ stage_table_name: 'card_shipped', event_id: 'c3', set: { '$.Status': 'Lost' }, description: 'lost parcel' })]);
  const r = cli(dir, ['report', '--operation', ids['exclude']!.slice(0, 8), '--as-of', AS_OF]);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(path.join(dir, 'target', 'report.html'));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
});
afterAll(async () => {
  await browser?.close();
  removeDir(dir);
});

/** Opens the report at a width, failing on page errors, console errors, dialogs and any request but the file itself. */
async function open(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
  page.on('request', (q) => requests.push(q.url()));
  const file = `file://${path.join(dir, 'target', 'report.html')}`;
  await page.goto(file);
  await page.waitForLoadState('load');
  expect(problems).toEqual([]);
  expect(requests).toEqual([file]); // self-contained: no style sheet, font, script or image fetched
  return page;
}

const texts = (page: Page, selector: string): Promise<string[]> => page.locator(selector).allTextContents().then((t) => t.map((s) => s.replace(/\s+/g, ' ').trim()));

it('at 1440 px: the summary on top (checks, pending changes, last run per model)', async () => {
  const page = await open(1440);
  const order = await Promise.all(['#summary', '#chart-rows', '#ledger', '#checks'].map(async (s) => (await page.locator(s).boundingBox())!.y));
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  expect(order[0]).toBeLessThan(300);
  // c1 is excluded but still in the stage table, c3's stage row is stale: two checks fail.
  expect(await texts(page, '[data-figure="checks-passed"]')).toEqual(['6 passed']);
  expect(await texts(page, '[data-figure="checks-failed"]')).toEqual(['2 failed']);
  expect(await texts(page, '#summary-checks li')).toEqual(['card_shipped: no excluded event in the stage table', 'card_shipped: every stage row equals its effective row']);
  expect(await texts(page, '[data-figure="removed-rows"]')).toEqual(['−2']);
  expect(await texts(page, '[data-figure="added-rows"]')).toEqual(['+1']);
  expect(await texts(page, '[data-figure="changed-days"]')).toEqual(['2']);
  expect(await texts(page, '#summary-pending li[data-model="card_shipped"]')).toEqual([expect.stringMatching(/^card_shipped: 5 days — window of 4 days \+ 1 touched.*; corrected since the last run: Nov 1$/)]);
  expect(await texts(page, '#summary-pending li[data-model="payment_completed"]')).toEqual(['payment_completed: 4 days — window of 4 days']);
  for (const model of ['card_shipped', 'payment_completed']) {
    const run = page.locator(`#summary-runs li[data-model="${model}"]`);
    expect(await run.textContent()).toMatch(new RegExp(`^${model}: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d succeeded ${ids['run']!.slice(0, 8)}$`));
    expect(await run.locator('a').getAttribute('title')).toBe(ids['run']);
  }
  await page.close();
});

it('at 1440 px: numbers and bars per day, corrections on their own scale, axis ticks and dates', async () => {
  const page = await open(1440);
  const day = async (d: string): Promise<string[]> => texts(page, `#days tr[data-day="${d}"] td`);
  expect(await day('2026-11-22')).toEqual(['2026-11-22Nov 22', '4', '0', '1', '2 → 1−1']); // c1, c2 twice, u1; c1 excluded
  expect(await day('2026-11-01')).toEqual(['2026-11-01Nov 1', '1', '1', '0', '1 → 1−1 +1']); // c3 updated: one row replaced
  expect(await day('2026-11-21')).toEqual(['2026-11-21Nov 21', '1', '0', '0', '1 → 1']);
  expect(await page.locator('#days tbody tr').count()).toBe(4); // only days with rows: 11-23, 11-22, 11-21, 11-01
  expect(await page.locator('#days tr.changes').count()).toBe(2);

  const bar = (panel: string, d: string, series: string) => page.locator(`#${panel} rect.bar[data-day="${d}"][data-series="${series}"]`);
  expect(await page.locator('#chart-rows rect.bar').count()).toBe(30 * 3);
  expect(await page.locator('#chart-corrections rect.bar').count()).toBe(30 * 2);
  expect(await bar('chart-rows', '2026-11-22', 'original').getAttribute('data-value')).toBe('4');
  expect(await bar('chart-rows', '2026-11-22', 'stage_after').getAttribute('data-value')).toBe('1');
  expect(await bar('chart-rows', '2026-11-22', 'original').locator('title').textContent()).toBe('2026-11-22 original: 4');
  // One exclusion fills its own panel (top tick 1) instead of a sliver under the originals' scale.
  const plot = (await page.locator('#chart-corrections svg.bars').boundingBox())!;
  const exclusion = (await bar('chart-corrections', '2026-11-22', 'exclusions').boundingBox())!;
  expect(exclusion.height).toBeGreaterThan(plot.height * 0.9);
  expect(plot.width).toBeGreaterThan(1000);
  expect(await texts(page, '#chart-corrections .yaxis span')).toEqual(['0', '1']);
  expect(await texts(page, '#chart-rows .yaxis span')).toEqual(['0', '1', '2', '3', '4']);
  expect(await texts(page, '#chart-rows .xaxis span')).toEqual(['Oct 25', 'Oct 29', 'Nov 2', 'Nov 6', 'Nov 10', 'Nov 14', 'Nov 18', 'Nov 22']);
  await page.close();
});

it('at 1440 px: the ledger has short ids (full on hover), rows as table +n, who, when, status, and links to its SQL', async () => {
  const page = await open(1440);
  const rows = page.locator('#ledger tbody tr');
  expect(await rows.count()).toBe(3);
  expect(await texts(page, '#ledger tbody tr td:nth-child(1)')).toEqual([ids['update']!, ids['exclude']!, ids['run']!].map((id) => id.slice(0, 8)));
  const exclude = page.locator(`#ledger tr[data-operation="${ids['exclude']}"]`);
  expect(await exclude.locator('a.id').getAttribute('title')).toBe(ids['exclude']);
  const cells = await exclude.locator('td').allTextContents();
  expect(cells.slice(1, 4)).toEqual(['add_duplicates_to_exclusions', 's3.backend_events_exclusions +1', HOSTILE]);
  expect(cells[4]).toMatch(/^\S+@\S+$/);
  expect(cells[5]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  expect(cells[6]).toBe('succeeded');
  expect(await texts(page, `#ledger tr[data-operation="${ids['run']}"] li`)).toEqual(['stage.card_shipped +3', 'stage.payment_completed +2']);

  const sql = page.locator(`details#sql-${ids['exclude']}`);
  expect(await sql.getAttribute('open')).toBeNull();
  await exclude.locator('a.id').click();
  expect(await sql.getAttribute('open')).toBe('');
  expect(await sql.locator('pre').textContent()).toMatch(/INSERT INTO\s+"s3"\."backend_events_exclusions"/);
  expect(await page.locator('details.sql').count()).toBe(3);
  await page.close();
});

it('escapes what it shows: a <script> description is text in the ledger, the operation and its SQL', async () => {
  const page = await open(1440);
  expect(await page.locator('script').count()).toBe(1); // the page's own (opens a linked SQL section)
  expect(await page.locator('#ledger td.description').first().textContent()).toBe('lost parcel');
  expect(await page.locator(`#ledger tr[data-operation="${ids['exclude']}"] td.description`).textContent()).toBe(HOSTILE);
  expect(await page.locator('#operation').textContent()).toBe(`Operation ${ids['exclude']!.slice(0, 8)}`);
  expect(await page.locator('dl.fields pre').first().textContent()).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  expect(await page.locator(`details#sql-${ids['exclude']} pre`).textContent()).toContain('<script>alert(1)</script>');
  const html = fs.readFileSync(path.join(dir, 'target', 'report.html'), 'utf8');
  expect(html).not.toContain('<script>alert(1)');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  await page.close();
});

it('at 375 px: no horizontal scroll; the charts fit the screen and the ledger reads as cards', async () => {
  const page = await open(375);
  // The page's own code has no DOM types here: the checks run as expressions in the page.
  expect(await page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth')).toBe(true);
  for (const id of ['chart-rows', 'chart-corrections']) {
    const box = (await page.locator(`#${id} svg.bars`).boundingBox())!;
    expect(box.width).toBeGreaterThan(250);
    expect(box.x + box.width).toBeLessThanOrEqual(375);
  }
  expect(await page.locator('#ledger thead').isVisible()).toBe(false);
  // Every cell of the ledger and the checks lies inside the screen (no table scrolled sideways).
  const right = Number(await page.evaluate("Math.max(...[...document.querySelectorAll('#ledger td, #checks td, #days td')].map((e) => e.getBoundingClientRect().right))"));
  expect(right).toBeLessThanOrEqual(375);
  expect(await texts(page, '#days tr[data-day="2026-11-22"] td:first-child')).toEqual(['2026-11-22Nov 22']);
  expect(await page.locator('#days tr[data-day="2026-11-22"] td:first-child .short').isVisible()).toBe(true);
  await page.close();
});

it('--out writes elsewhere; --days is checked; a target/ planted as a link is refused', () => {
  const file = path.join(dir, 'elsewhere.html');
  expect(cli(dir, ['report', '--out', file, '--days', '7', '--as-of', AS_OF]).status).toBe(0);
  expect(fs.readFileSync(file, 'utf8')).toContain('days 2026-11-17 to 2026-11-23');
  expectUsageError(cli(dir, ['report', '--days', '0']), /--days: 0 is not a number of days/);

  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'backfill-outside-'));
  try {
    fs.renameSync(path.join(dir, 'target'), path.join(dir, 'target.kept'));
    fs.symlinkSync(outside, path.join(dir, 'target'));
    const r = cli(dir, ['report', '--as-of', AS_OF]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/target.*link/);
    expect(fs.readdirSync(outside)).toEqual([]);
  } finally {
    fs.rmSync(path.join(dir, 'target'), { force: true });
    fs.renameSync(path.join(dir, 'target.kept'), path.join(dir, 'target'));
    removeDir(outside);
  }
});
