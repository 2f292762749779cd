import { Dialect, type FormatterDialect, formatTimestamp, TimestampText, type LogicalType } from '../../compiler/dialect';
import { IDENTIFIER, PROJECT_ID } from '../../config/identifiers';
import { UsageError } from '../../errors';

/**
 * GoogleSQL: backtick-quoted names (a project id may hold hyphens), backslash escapes in string literals, values
 * sent as named query parameters, timestamps as constant literals (so partitions are pruned).
 */
export class BigqueryDialect extends Dialect {
  readonly name = 'bigquery' as const;
  readonly formatter: FormatterDialect = { language: 'bigquery', paramTypes: { named: ['@'], quoted: ['@'] } };
  override readonly backslashEscapes = true;
  override readonly bindsParameters = true;

  override jsonParameter(ref: string): string {
    return `PARSE_JSON(${ref})`;
  }

  override listParameter(ref: string): string {
    return `UNNEST(${ref})`;
  }

  /** The target's project: `<project>.dataset.table` is the same table as `dataset.table`. */
  constructor(private readonly defaultProject?: string) {
    super();
  }

  /**
   * Dataset and table names are case-sensitive by default, but not in a dataset created with is_case_insensitive,
   * which cannot be told from here: names that differ only in case are taken as one table (a refusal, not a loss).
   */
  override identifierKey(name: string): string {
    return name.toLowerCase();
  }

  override tableKey(name: string): string {
    const parts = name.split('.');
    const local = parts.length === 3 && parts[0] === this.defaultProject ? parts.slice(1) : parts;
    return local.map((p) => this.identifierKey(p)).join('.');
  }

  override reservedSchema(name: string): string | null {
    return name.toLowerCase() === 'information_schema' ? "BigQuery's INFORMATION_SCHEMA holds the system views" : null;
  }

  protected readonly types: Readonly<Record<LogicalType, string>> = {
    string: 'STRING',
    int: 'INT64',
    number: 'FLOAT64',
    bool: 'BOOL',
    timestamp: 'TIMESTAMP',
    date: 'DATE',
    json: 'JSON',
  };

  override quoteIdent(name: string): string {
    super.quoteIdent(name);
    return `\`${name}\``;
  }

  override quoteTable(name: string): string {
    const parts = name.split('.');
    if (parts.length === 3 && PROJECT_ID.test(parts[0]!) && !IDENTIFIER.test(parts[0]!)) {
      return [`\`${parts[0]}\``, ...parts.slice(1).map((p) => this.quoteIdent(p))].join('.');
    }
    return super.quoteTable(name);
  }

  override stringLiteral(value: string): string {
    if (value.includes('\u0000')) throw new UsageError('text values must not contain NUL characters');
    const escaped = value.replace(/[\\'\n\r\t\u0001-\u001f]/g, (c) => {
      const named: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };
      return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    });
    return `'${escaped}'`;
  }

  override timestampLiteral(d: Date): string {
    super.timestampLiteral(d);
    return `TIMESTAMP '${formatTimestamp(d)}+00'`;
  }

  override literal(value: unknown): string {
    if (value instanceof TimestampText) return `TIMESTAMP ${this.stringLiteral(`${value.text}+00`)}`;
    return super.literal(value);
  }

  override jsonLiteral(jsonText: string): string {
    return `JSON ${this.stringLiteral(jsonText)}`;
  }

  /** BigQuery has no CAST from STRING to JSON: JSON text is parsed. */
  override jsonFromText(textExpr: string): string {
    return `PARSE_JSON(${textExpr})`;
  }
}
