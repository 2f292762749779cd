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
  return new StrictReader(text, maxDepth).read();
}

/** One pass over one JSON text: the position, and the path to the value being read (for messages). */
class StrictReader {
  private i = 0;
  private readonly path: Array<string | number> = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  read(): JsonValue {
    const result = this.value(0);
    this.space();
    if (this.i < this.text.length) this.unexpected();
    return result;
  }

  private where(): string {
    const path = this.path;
    return path.length === 0 ? '' : ` in ${path.map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('')}`;
  }

  private fail(what: string, refused = false): never {
    throw new JsonError(`${what}${this.where()}`, refused);
  }

  private space(): void {
    const text = this.text;
    while (this.i < text.length) {
      const c = text.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.i++;
    }
  }

  private unexpected(): never {
    return this.fail(this.i >= this.text.length ? 'unexpected end of JSON' : `unexpected ${JSON.stringify(this.text[this.i])} at position ${this.i}`);
  }

  private string(): string {
    const text = this.text;
    this.i++; // the opening quote
    let out = '';
    let from = this.i;
    for (;;) {
      if (this.i >= text.length) this.fail('unterminated string');
      const c = text.charCodeAt(this.i);
      if (c === 0x22) break;
      if (c < 0x20) this.fail(`unescaped control character at position ${this.i}`);
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += text.slice(from, this.i) + this.escape();
      from = this.i;
    }
    out += text.slice(from, this.i);
    this.i++; // the closing quote
    return out;
  }

  /** The escape at the position (a backslash): what it stands for; refuses U+0000 and lone surrogates. */
  private escape(): string {
    const text = this.text;
    const e = text[this.i + 1];
    if (e === 'u') {
      const unit = this.hex4(this.i + 2);
      this.i += 6;
      if (unit === 0) this.fail('the string holds U+0000, which PostgreSQL cannot store', true);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = text[this.i] === '\\' && text[this.i + 1] === 'u' ? this.hex4(this.i + 2) : -1;
        if (low < 0xdc00 || low > 0xdfff) this.fail('the string holds a lone surrogate (\\u' + unit.toString(16) + '), which is not a character', true);
        this.i += 6;
        return String.fromCharCode(unit, low);
      }
      if (unit >= 0xdc00 && unit <= 0xdfff) this.fail('the string holds a lone surrogate (\\u' + unit.toString(16) + '), which is not a character', true);
      return String.fromCharCode(unit);
    }
    if (e !== undefined && e in ESCAPES) {
      this.i += 2;
      return ESCAPES[e]!;
    }
    return this.fail(`bad escape at position ${this.i}`);
  }

  private hex4(at: number): number {
    const h = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail(`bad \\u escape at position ${at - 2}`);
    return parseInt(h, 16);
  }

  private value(depth: number): JsonValue {
    const text = this.text;
    this.space();
    const c = text[this.i];
    if (c === '{' || c === '[') {
      if (depth >= this.maxDepth) this.fail(`nested deeper than ${this.maxDepth} levels (the most every target takes: BigQuery JSON holds 500)`, true);
      return c === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === '"') return this.string();
    if (text.startsWith('true', this.i)) return (this.i += 4), true;
    if (text.startsWith('false', this.i)) return (this.i += 5), false;
    if (text.startsWith('null', this.i)) return (this.i += 4), null;
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(text);
    if (!m) return this.unexpected();
    this.i += m[0].length;
    return new JsonNumber(m[0]);
  }

  private object(depth: number): JsonObject {
    const text = this.text;
    this.i++;
    const out: JsonObject = {};
    this.space();
    if (text[this.i] === '}') return this.i++, out;
    for (;;) {
      this.space();
      if (text[this.i] !== '"') this.unexpected();
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`the key ${JSON.stringify(key)} is repeated`, true);
      this.space();
      if (text[this.i] !== ':') this.unexpected();
      this.i++;
      this.path.push(key);
      const v = this.value(depth);
      // `__proto__` is an ordinary key here, not the object's prototype.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.path.pop();
      this.space();
      if (text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (text[this.i] === '}') return this.i++, out;
      return this.unexpected();
    }
  }

  private array(depth: number): JsonValue[] {
    const text = this.text;
    this.i++;
    const out: JsonValue[] = [];
    this.space();
    if (text[this.i] === ']') return this.i++, out;
    for (;;) {
      this.path.push(out.length);
      out.push(this.value(depth));
      this.path.pop();
      this.space();
      if (text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (text[this.i] === ']') return this.i++, out;
      return this.unexpected();
    }
  }
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
