import { IDENTIFIER, isTableName } from '../config/identifiers';
import { UsageError } from '../errors';
import type { FormatOptionsWithLanguage } from 'sql-formatter';

/** Logical column types used by migrations and casts; each dialect maps them to its own. */
export type LogicalType = 'string' | 'int' | 'number' | 'bool' | 'timestamp' | 'date' | 'json';

/** The targets' dialects, by the name of their folders (macros/dialects/<name>/, <name> in <file>.<name>.sql). */
export const DIALECT_NAMES = ['duckdb', 'postgres', 'bigquery'] as const;

/** A dialect's name: a union, so that a misspelt one is a type error rather than a silent fall-back to default SQL. */
export type DialectName = (typeof DIALECT_NAMES)[number];

/** How sql-formatter reads a dialect's text: its language and parameter forms. */
export type FormatterDialect = Pick<FormatOptionsWithLanguage, 'language' | 'paramTypes'>;

export const LOGICAL_TYPES: readonly LogicalType[] = ['string', 'int', 'number', 'bool', 'timestamp', 'date', 'json'];

/**
 * What differs between targets in the SQL text itself: quoting, literals, type names, identifier keys and how values
 * are passed. Larger fragments are templates dispatched by the compiler: public ones (json_set, json_value, …) in
 * macros/dialects/<name>/, the package's own in src/<feature>/sql/<name>.<target>.sql. What a target can do (its
 * strategies) is its adapter's (src/compiler/target-adapter.ts).
 */
export abstract class Dialect {
  /** The folder of this dialect's fragments and templates (macros/dialects/<name>/). */
  abstract readonly name: DialectName;
  protected abstract readonly types: Readonly<Record<LogicalType, string>>;
  /** Whether a backslash escapes the next character inside a quoted literal (BigQuery: yes). */
  readonly backslashEscapes: boolean = false;
  /** Whether values are sent as named query parameters (`@name`) instead of literals (BigQuery: yes). */
  readonly bindsParameters: boolean = false;
  /** How sql-formatter reads this dialect (src/compiler/sql-format.ts); `@name` is an operation's placeholder. */
  abstract readonly formatter: FormatterDialect;

  /** A bound JSON text (`@p`) read as a JSON value: only a dialect that binds values (above) writes one. */
  jsonParameter(_ref: string): string {
    throw new Error(`the ${this.name} dialect writes values as literals, not as parameters`);
  }

  /** The right-hand side of `x IN …` for a bound list (`@p`): only a dialect that binds values writes one. */
  listParameter(_ref: string): string {
    throw new Error(`the ${this.name} dialect writes values as literals, not as parameters`);
  }

  /** The longest identifier the target keeps whole (PostgreSQL truncates at 63 bytes); null: none below ours (128). */
  readonly maxIdentifierBytes: number | null = null;

  /** An identifier as the target compares it (quoted, as we write every name): one key, one object there. */
  identifierKey(name: string): string {
    return name;
  }

  /**
   * A `schema.table` (or `catalog.schema.table`) as the target compares it. The stage tables are always written as
   * two-part names, in the connection's own catalog (DuckDB: the file's, e.g. `warehouse`; PostgreSQL: the database's,
   * and it cannot reach another), so a three-part name is keyed by its schema and table only: a conservative rule,
   * by which two names with the same schema and table collide whatever their catalogs (at worst a refusal of tables
   * in two attached DuckDB files, never one table written over another). BigQuery overrides it (its datasets live in
   * projects that really are apart).
   */
  tableKey(name: string): string {
    return name
      .split('.')
      .slice(-2)
      .map((p) => this.identifierKey(p))
      .join('.');
  }

  /** Why a schema cannot hold the project's tables on this target (reserved or session-private), or null. */
  reservedSchema(_name: string): string | null {
    return null;
  }

  /** A validated, quoted identifier. */
  quoteIdent(name: string): string {
    if (!IDENTIFIER.test(name)) throw new UsageError(`identifier '${printable(name)}' is not a plain identifier (letters, digits, underscore)`);
    return `"${name}"`;
  }

  /** A validated, quoted `schema.table`. */
  quoteTable(name: string): string {
    if (!isTableName(name)) throw new UsageError(`table name '${printable(name)}' must be schema.table with plain identifiers`);
    return name.split('.').map((p) => this.quoteIdent(p)).join('.');
  }

  type(t: LogicalType): string {
    return this.types[t];
  }

  /** Other names information_schema gives a column that holds a logical type (PostgreSQL: `timestamp with time zone`). */
  protected readonly typeSynonyms: Readonly<Partial<Record<LogicalType, readonly string[]>>> = {};

  /** Whether an existing column of type `found` (as information_schema names it) holds values of logical type `t`. */
  fitsType(t: LogicalType, found: string): boolean {
    const key = (s: string): string => s.trim().toLowerCase();
    return [this.type(t), ...(this.typeSynonyms[t] ?? [])].some((s) => key(s) === key(found));
  }

  /** Any JavaScript value as a literal escaped for this dialect. */
  literal(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'string') return this.stringLiteral(value);
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new UsageError(`value ${value} is not a finite number`);
      return String(value);
    }
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Date) return this.timestampLiteral(value);
    if (value instanceof TimestampText) return `TIMESTAMP ${this.stringLiteral(value.text)}`;
    if (typeof value === 'object') return this.jsonLiteral(JSON.stringify(value));
    throw new UsageError(`value of type ${typeof value} cannot be written to SQL`);
  }

  stringLiteral(value: string): string {
    if (value.includes('\u0000')) throw new UsageError('text values must not contain NUL characters');
    return `'${value.replace(/'/g, "''")}'`;
  }

  timestampLiteral(d: Date): string {
    if (Number.isNaN(d.getTime())) throw new UsageError('invalid timestamp');
    return `TIMESTAMP '${formatTimestamp(d)}'`;
  }

  dateLiteral(d: Date): string {
    return `DATE '${d.toISOString().slice(0, 10)}'`;
  }

  jsonLiteral(jsonText: string): string {
    return this.jsonFromText(this.stringLiteral(jsonText));
  }

  /** A JSON value from an expression of JSON text (a staged column, a literal). */
  jsonFromText(textExpr: string): string {
    return `CAST(${textExpr} AS ${this.type('json')})`;
  }
}

/** A timestamp exactly as the warehouse printed it (microseconds kept), to be written back as a literal. */
export class TimestampText {
  readonly text: string;
  constructor(value: unknown) {
    // Targets print UTC timestamps with or without a `+00` offset; the text is kept to the microsecond.
    const text = String(value).replace(/(\+00(:00)?|Z)$/, '');
    if (!/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/.test(text)) throw new UsageError(`'${text}' is not a warehouse timestamp`);
    this.text = text.replace('T', ' ');
  }
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC: the form every target reads as a TIMESTAMP. */
export function formatTimestamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

function printable(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
