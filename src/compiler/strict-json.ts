/**
 * A JSON reader for imported lines that refuses what the targets would read differently, instead of JSON.parse:
 * numbers are kept as written (JSON.parse turns 12345678901234567891 into 12345678901234567000), a key repeated in
 * an object is an error (DuckDB keeps the first, PostgreSQL the last), and so are strings PostgreSQL cannot store
 * (U+0000, a lone surrogate) and nesting deeper than BigQuery's JSON accepts.
 */

/** The deepest nesting of a line (its own object counts as one level): BigQuery's JSON type takes 500 levels. */
export const MAX_JSON_DEPTH = 500;

/** A JSON number exactly as it was written. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Not JSON, or (`refused`) JSON that the targets would not all read alike. */
export class JsonError extends Error {
  constructor(
    message: string,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses one JSON text (a key `__proto__` is an own property like any other). */
export function parseStrictJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonValue {
  let i = 0;
  const path: Array<string | number> = [];
  const where = (): string =>
    path.length === 0 ? '' : ` in ${path.map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('')}`;
  const fail = (what: string, refused = false): never => {
    throw new JsonError(`${what}${where()}`, refused);
  };
  const space = (): void => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const unexpected = (): never => fail(i >= text.length ? 'unexpected end of JSON' : `unexpected ${JSON.stringify(text[i])} at position ${i}`);

  const string = (): string => {
    i++; // the opening quote
    let out = '';
    let from = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail(`unescaped control character at position ${i}`);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(from, i);
      const e = text[i + 1];
      if (e === 'u') {
        const unit = hex4(i + 2);
        i += 6;
        if (unit === 0) fail('the string holds U+0000, which PostgreSQL cannot store', true);
        if (unit >= 0xd800 && unit <= 0xdbff) {
          const low = text[i] === '\\' && text[i + 1] === 'u' ? hex4(i + 2) : -1;
          if (low < 0xdc00 || low > 0xdfff) fail('the string holds a lone surrogate (\\u' + unit.toString(16) + '), which is not a character', true);
          i += 6;
          out += String.fromCharCode(unit, low);
        } else if (unit >= 0xdc00 && unit <= 0xdfff) {
          fail('the string holds a lone surrogate (\\u' + unit.toString(16) + '), which is not a character', true);
        } else {
          out += String.fromCharCode(unit);
        }
      } else if (e !== undefined && e in ESCAPES) {
        out += ESCAPES[e];
        i += 2;
      } else {
        fail(`bad escape at position ${i}`);
      }
      from = i;
    }
    out += text.slice(from, i);
    i++; // the closing quote
    return out;
  };
  const hex4 = (at: number): number => {
    const h = text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) fail(`bad \\u escape at position ${at - 2}`);
    return parseInt(h, 16);
  };

  const value = (depth: number): JsonValue => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth >= maxDepth) fail(`nested deeper than ${maxDepth} levels (the most every target takes: BigQuery JSON holds 500)`, true);
      return c === '{' ? object(depth + 1) : array(depth + 1);
    }
    if (c === '"') return string();
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return unexpected();
    i += m[0].length;
    return new JsonNumber(m[0]);
  };
  const object = (depth: number): JsonObject => {
    i++;
    const out: JsonObject = {};
    space();
    if (text[i] === '}') return i++, out;
    for (;;) {
      space();
      if (text[i] !== '"') unexpected();
      const key = string();
      if (Object.prototype.hasOwnProperty.call(out, key)) fail(`the key ${JSON.stringify(key)} is repeated`, true);
      space();
      if (text[i] !== ':') unexpected();
      i++;
      path.push(key);
      const v = value(depth);
      // `__proto__` is an ordinary key here, not the object's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      path.pop();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') return i++, out;
      return unexpected();
    }
  };
  const array = (depth: number): JsonValue[] => {
    i++;
    const out: JsonValue[] = [];
    space();
    if (text[i] === ']') return i++, out;
    for (;;) {
      path.push(out.length);
      out.push(value(depth));
      path.pop();
      space();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') return i++, out;
      return unexpected();
    }
  };

  const result = value(0);
  space();
  if (i < text.length) unexpected();
  return result;
}

/** A decimal number text as sign, digits and exponent, so that 1.50, 15e-1 and 1.5 compare equal. */
export function decimalKey(t: string): string {
  const m = /^(?:\+|(-))?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m) return t;
  let digits = `${m[2]}${m[3] ?? ''}`.replace(/^0+/, '');
  if (digits === '') return '0';
  let exp = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  const kept = digits.replace(/0+$/, '');
  exp += digits.length - kept.length;
  digits = kept;
  return `${m[1] ?? ''}${digits}e${exp}`;
}

/**
 * A number's text as stored: an integer as written (every target keeps integers of any length exactly); a decimal
 * a double holds exactly in the form DuckDB writes it (1.50 → 1.5, 1E2 → 100.0), so both import paths store the
 * same text; a decimal a double would change (more than 15 significant digits) as written.
 */
export function numberText(text: string): string {
  if (!/[.eE]/.test(text)) return text;
  const n = Number(text);
  if (decimalKey(String(n)) !== decimalKey(text)) return text;
  const s = String(n).replace('e+', 'e');
  return Number.isInteger(n) && !s.includes('e') ? `${s}.0` : s;
}

/** Compact JSON text of a parsed value (numbers as `numberText` gives them). */
export function jsonText(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) return numberText(v.text);
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  return `{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}:${jsonText(v[k])}`)
    .join(',')}}`;
}
