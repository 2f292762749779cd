/**
 * The line reader of `import`: an NDJSON file (gzip too) read strictly, line by line, into event rows and the
 * rejected lines with their number and reason. The write side (one operation, one transaction) is import-events.ts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { z } from 'zod';
import { PLAIN_LINE_JS, repeatsKey } from './plain-line';
import { EVENT_COLUMNS } from '../compiler/days';
import { JsonError, jsonText, JsonNumber, MAX_JSON_DEPTH, parseStrictJson, type JsonObject, type JsonValue } from '../compiler/strict-json';
import { readTimestamp } from '../compiler/timestamps';
import { zodMessage } from '../config/zod-message';
import { firstLine, UsageError } from '../errors';

/** Lines longer than this are rejected, not parsed. */
export const MAX_LINE_BYTES = 1_000_000;

/** An ISO timestamp text (UTC when it has no offset), read to the microsecond; impossible dates are refused. */
const timestamp = z.string().transform((s, ctx) => {
  const t = readTimestamp(s, { dateOnly: false });
  if (typeof t !== 'string') return t;
  ctx.addIssue({ code: 'custom', message: `'${s.length > 40 ? `${s.slice(0, 40)}…` : s}' ${t}; use an ISO timestamp like 2026-11-23T10:00:00Z` });
  return z.NEVER;
});
const PLAIN_TOKEN = /^[^'"`\\;\u0000-\u001f]+$/;
const text = z.string().max(10_000).nullable().optional();

/** One imported event (SPEC §2): the original event_created_at is kept; unknown fields are dropped or kept in event_data. */
const importedEvent = z.object({
  event_id: z.string().min(1).max(256).regex(PLAIN_TOKEN, 'must be a plain token like a UUID'),
  event_created_at: timestamp,
  event_name: z.string().min(1).max(256),
  user_id: text,
  event_external_reference_id: text,
  event_advisor_id: text,
  event_data: z.record(z.string(), z.unknown()).nullable().optional(),
  event_ingested_at: timestamp.nullable().optional(),
});

const COLUMN_SET: ReadonlySet<string> = new Set(EVENT_COLUMNS);

export interface Row {
  readonly [key: string]: unknown;
}

/** A JSON value read by the strict reader as zod sees it: numbers outside event_data as numbers, to be refused. */
function forValidation(v: JsonValue): unknown {
  return v instanceof JsonNumber ? Number(v.text) : v;
}

/**
 * The lines of a byte stream (a trailing CR dropped), as bytes, a chunk's worth at a time: decoding is the reader's,
 * so a line that is not UTF-8 can be refused. A line longer than `max` bytes is not held: its length is given instead.
 */
async function* byteLines(input: AsyncIterable<Buffer>, max: number): AsyncGenerator<Array<Buffer | number>> {
  let parts: Buffer[] = [];
  let size = 0;
  const flush = (): Buffer | number => {
    const whole = size > max + 1 ? null : parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    const held = size;
    parts = [];
    size = 0;
    if (!whole) return held;
    const line = whole[whole.length - 1] === 0x0d ? whole.subarray(0, whole.length - 1) : whole;
    return line.length > max ? line.length : line;
  };
  for await (const chunk of input) {
    const lines: Array<Buffer | number> = [];
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      size += piece.length;
      if (size <= max + 1) parts.push(piece);
      lines.push(flush());
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    size += rest.length;
    if (size <= max + 1) parts.push(rest);
    else parts = [];
    if (lines.length > 0) yield lines;
  }
  if (size > 0) yield [flush()];
}

/** A line refused, with its number and why. */
export interface RejectedLine {
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

/**
 * Reads NDJSON (gzip too), validating each line; bad lines are collected with their line number and reason. A line
 * is read as strict UTF-8 and strict JSON (see strict-json.ts); a BOM before the first line is skipped.
 */
export async function readEvents(file: string, keepExtra: boolean): Promise<{ rows: Row[]; rejected: RejectedLine[] }> {
  const rows: Row[] = [];
  const rejected: RejectedLine[] = [];
  for await (const batch of eventBatches(file, keepExtra)) {
    for (const r of batch.rows) rows.push(r);
    for (const r of batch.rejected) rejected.push(r);
  }
  return { rows, rejected };
}

/** The events and rejected lines of the file as it is read, a read chunk's lines at a time (readEvents' reader). */
export async function* eventBatches(file: string, keepExtra: boolean): AsyncGenerator<{ rows: Row[]; rejected: RejectedLine[] }> {
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  const { raw, input } = fileText(file);
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let n = 0;
  const lines = byteLines(input, MAX_LINE_BYTES);
  try {
    for (;;) {
      const rows: Row[] = [];
      const rejected: RejectedLine[] = [];
      try {
        const next = await lines.next();
        if (next.done) return;
        for (const bytes of next.value) {
          const read = readLine(bytes, ++n, keepExtra, utf8);
          if (read === null) continue;
          if ('row' in read) rows.push(read.row);
          else rejected.push(read.rejected);
        }
      } catch (err) {
        throw new UsageError(`${file}: cannot be read as NDJSON (${firstLine(err)})`);
      }
      yield { rows, rejected };
    }
  } finally {
    // Read to its end, or left early by its reader (an import that failed): the file is closed either way.
    raw.destroy();
  }
}

/** Line `n` (its bytes, or its length when too long): the event it holds, why it is refused, or null when blank. */
function readLine(bytes: Buffer | number, n: number, keepExtra: boolean, utf8: InstanceType<typeof TextDecoder>): { row: Row } | { rejected: RejectedLine } | null {
  if (typeof bytes === 'number') return { rejected: { line: n, reason: `line is ${bytes} bytes, more than ${MAX_LINE_BYTES}`, text: '' } };
  let line: string;
  let reason: string | null = null;
  try {
    line = utf8.decode(bytes);
  } catch {
    line = bytes.toString('utf8');
    reason = 'not UTF-8 text (an invalid byte sequence)';
  }
  if (n === 1 && line.startsWith('\uFEFF')) line = line.slice(1);
  if (line.trim() === '') return null;
  const shownLine = line;
  const reject = (why: string): { rejected: RejectedLine } => ({ rejected: { line: n, reason: why, text: shownLine.length > 200 ? `${shownLine.slice(0, 200)}…` : shownLine } });
  if (reason) return reject(reason);
  const plain = keepExtra ? null : plainRow(line);
  if (plain) return { row: plain };
  let value: JsonValue;
  try {
    value = parseStrictJson(line);
  } catch (err) {
    return reject(err instanceof JsonError && err.refused ? `refused: ${firstLine(err)}` : `not JSON (${firstLine(err)})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof JsonNumber) return reject('not a JSON object');
  const row = eventRow(value, keepExtra);
  return typeof row === 'string' ? reject(row) : { row };
}

/** A text field of a plain line: absent or null is null, a string up to 10,000 characters itself, else undefined. */
function plainText(v: unknown): string | null | undefined {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' && v.length <= 10_000 ? v : undefined;
}

/**
 * The event of a line that JavaScript's own JSON.parse reads exactly as the strict reader does, and that is plainly
 * valid; null sends the line to the strict reader and the schema (which explain a refusal). Plain means: no backslash
 * (no escape: no U+0000, no surrogate), written as JSON.stringify writes what it parsed (so no repeated key, no
 * space, and every number written as JavaScript writes it: the strict reader's text of it is then the same), not
 * deeper than MAX_JSON_DEPTH, and no exponent `e+` in event_data (the one number form the stored text writes
 * otherwise). Measured: ~3× faster than the strict reader and the schema for such lines. A line of the plain pattern
 * (plain-line.ts: the table's order, at most 10,000 characters) is read off its text, without a parse (~2× faster
 * again): its event_data is its text as written, which JSON.stringify of what it holds would write again (none of
 * its keys all digits, which JavaScript puts first) unless a key is repeated.
 */
function plainRow(line: string): Row | null {
  if (line.charCodeAt(0) !== 0x7b || line.includes('\\')) return null;
  const m = line.length <= 10_000 ? PLAIN_LINE_JS.exec(line) : null;
  if (m) {
    const data = m.groups!['event_data'] ?? null;
    return data !== null && repeatsKey(data) ? null : plainEvent(m.groups!, data);
  }
  // A line of 2 × MAX_JSON_DEPTH characters cannot nest deeper; a longer one is counted (before JSON.parse, whose
  // recursion a deep enough line would exhaust).
  if (line.length > 2 * MAX_JSON_DEPTH && (line.match(/[{[]/g)?.length ?? 0) > MAX_JSON_DEPTH) return null;
  let v: unknown;
  try {
    v = JSON.parse(line);
    if (v === null || typeof v !== 'object' || Array.isArray(v) || JSON.stringify(v) !== line) return null;
  } catch {
    return null;
  }
  const o = v as Record<string, unknown>;
  const data = o['event_data'];
  let dataText: string | null = null;
  if (data !== undefined && data !== null) {
    if (typeof data !== 'object' || Array.isArray(data)) return null;
    dataText = JSON.stringify(data);
    if (dataText.includes('e+')) return null;
  }
  return plainEvent(o, dataText);
}

/**
 * The event of a plain line's fields (as JSON.parse or the plain pattern read them; absent or null alike) with its
 * event_data's text, or null when a field is not plainly valid (the strict reader and the schema then explain).
 */
function plainEvent(o: Readonly<Record<string, unknown>>, dataText: string | null): Row | null {
  const id = o['event_id'];
  const name = o['event_name'];
  if (typeof id !== 'string' || id.length < 1 || id.length > 256 || !PLAIN_TOKEN.test(id)) return null;
  if (typeof name !== 'string' || name.length < 1 || name.length > 256) return null;
  const created = typeof o['event_created_at'] === 'string' ? readTimestamp(o['event_created_at'], { dateOnly: false }) : null;
  if (created === null || typeof created === 'string') return null;
  const ingestedText = o['event_ingested_at'];
  const ingested = ingestedText === undefined || ingestedText === null ? null : typeof ingestedText === 'string' ? readTimestamp(ingestedText, { dateOnly: false }) : undefined;
  if (ingested === undefined || typeof ingested === 'string') return null;
  const [user, reference, advisor] = [plainText(o['user_id']), plainText(o['event_external_reference_id']), plainText(o['event_advisor_id'])];
  if (user === undefined || reference === undefined || advisor === undefined) return null;
  return { event_id: id, event_created_at: created, event_name: name, user_id: user, event_external_reference_id: reference, event_advisor_id: advisor, event_ingested_at: ingested, event_data: dataText };
}

/** A line's JSON object as an event row, or why it is not one (the schema's message). */
function eventRow(fields: JsonObject, keepExtra: boolean): Row | string {
  const shown: Record<string, unknown> = {};
  for (const k of Object.keys(fields)) if (k !== '__proto__') shown[k] = forValidation(fields[k]!);
  const checked = importedEvent.safeParse(shown);
  if (!checked.success) return zodMessage(checked.error, 'event');
  const parsed = checked.data;
  const data = (fields['event_data'] ?? null) as JsonObject | null;
  let extra: JsonObject | null = null;
  if (keepExtra) {
    for (const k of Object.keys(fields)) if (!COLUMN_SET.has(k)) (extra ??= Object.create(null) as JsonObject)[k] = fields[k]!;
  }
  const eventData = extra ? Object.assign(Object.create(null) as JsonObject, data ?? {}, extra) : data;
  return {
    event_id: parsed.event_id,
    event_created_at: parsed.event_created_at,
    event_name: parsed.event_name,
    user_id: parsed.user_id ?? null,
    event_external_reference_id: parsed.event_external_reference_id ?? null,
    event_advisor_id: parsed.event_advisor_id ?? null,
    event_ingested_at: parsed.event_ingested_at ?? null,
    event_data: eventData === null ? null : jsonText(eventData),
  };
}

/** The file's bytes, gunzipped when it is gzip (`raw`: the file's own stream, to destroy when done). */
function fileText(file: string, highWaterMark?: number): { raw: fs.ReadStream; input: AsyncIterable<Buffer> } {
  const raw = fs.createReadStream(file, { highWaterMark });
  return { raw, input: isGzip(file) ? raw.pipe(zlib.createGunzip()) : raw };
}

export function isGzip(file: string): boolean {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Whether the file (gunzipped) holds a vertical tab or a form feed: DuckDB's reader takes either for space around
 * a line's object, the line reader does not (JSON's space is space, tab, CR and LF); inside a string either is a
 * raw control character, which no reader takes. Such a file is left to the line reader.
 */
export async function holdsVerticalSpace(file: string): Promise<boolean> {
  const { raw, input } = fileText(file, 1 << 20);
  try {
    for await (const chunk of input) if (chunk.indexOf(0x0b) >= 0 || chunk.indexOf(0x0c) >= 0) return true;
    return false;
  } finally {
    raw.destroy();
  }
}

/** The file's sha256, read in chunks (a large import is not held in memory twice). */
export async function fileChecksum(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  // 1 MB reads: the default 64 kB makes hashing a 160 MB file take twice as long.
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
