/**
 * A plain line of an import: what a program writes line after line alike. The event's fields in the table's order
 * (SPEC §2; event_id, event_created_at and event_name given, the others absent or null), no space, no escape, and
 * event_data a flat object of strings, integers of at most 15 digits (not -0), true, false and null. Such a line
 * (none of its keys all digits) needs no JSON parser to be read exactly: one pattern over its text checks its shape, a few checks of its values
 * finish the job. DuckDB's fast path (file_direct.duckdb.sql) and the line reader (read-lines.ts) use one pattern,
 * written for RE2 (DuckDB's regexp_matches) and for JavaScript (its fields captured by name).
 */
/** A character a JSON string holds as it is (no escape). */
const CHAR = '[^"\\\\\\x00-\\x1f]';
/** Of those, the ones an event id may hold (SPEC §2: no quote, backtick, backslash or semicolon). */
const ID_CHAR = '[^"\\\\\';`\\x00-\\x1f]';
/** A value of a plain event_data. */
const VALUE = `(?:"${CHAR}*"|0|-?[1-9][0-9]{0,14}|true|false|null)`;
/**
 * A key of a plain event_data: not all digits (JavaScript puts such keys first in an object, so the line reader
 * writes them first; DuckDB keeps the order written).
 */
const KEY = `"(?:[0-9]*[^"\\\\\\x00-\\x1f0-9]${CHAR}*)?"`;

/**
 * A UTC timestamp to the microsecond, years MIN_YEAR–MAX_YEAR (1900–9000), hours 00–23 (a cast reads 24:00 as the
 * next day); whether the day exists is left to the reader of the value.
 */
export const PLAIN_TIMESTAMP = `(?:19[0-9]{2}|[2-8][0-9]{3}|9000)-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,6})?Z`;

/** The plain line's pattern; `named` marks a value's text (without its quotes) for JavaScript. */
function pattern(named: (name: string, body: string) => string): string {
  const text = (k: string): string => `(?:,"${k}":(?:null|"${named(k, `${CHAR}*`)}"))?`;
  return [
    `^\\{"event_id":"${named('event_id', `${ID_CHAR}+`)}","event_created_at":"${named('event_created_at', PLAIN_TIMESTAMP)}","event_name":"${named('event_name', `${CHAR}+`)}"`,
    text('user_id'),
    text('event_external_reference_id'),
    text('event_advisor_id'),
    `(?:,"event_data":(?:null|${named('event_data', `\\{(?:${KEY}:${VALUE}(?:,${KEY}:${VALUE})*)?\\}`)}))?`,
    `(?:,"event_ingested_at":(?:null|"${named('event_ingested_at', PLAIN_TIMESTAMP)}"))?\\}$`,
  ].join('');
}

/** For RE2 (DuckDB's regexp_matches). */
export const PLAIN_LINE_RE2 = pattern((_name, body) => body);

/** For JavaScript: the fields' texts as named groups. */
export const PLAIN_LINE_JS = new RegExp(pattern((name, body) => `(?<${name}>${body})`));

/** Whether a plain line's event_data (its text: flat, without escapes) names a key twice. */
export function repeatsKey(data: string): boolean {
  // Pair by pair from the start: a value's string is taken with its key, so none is read as a key.
  const pair = /[{,]("[^"]*"):(?:"[^"]*"|[^,}]*)/y;
  const keys = new Set<string>();
  for (let m = pair.exec(data); m !== null; m = pair.exec(data)) {
    if (keys.has(m[1]!)) return true;
    keys.add(m[1]!);
  }
  return false;
}
