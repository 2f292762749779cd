import { Dialect, type FormatterDialect, formatTimestamp, TimestampText, type LogicalType } from '../../compiler/dialect';
import { UsageError } from '../../errors';

/** PostgreSQL (and CockroachDB): timestamptz and jsonb; timestamps are written with an explicit UTC offset. */
export class PostgresDialect extends Dialect {
  readonly name = 'postgres' as const;
  readonly formatter: FormatterDialect = { language: 'postgresql', paramTypes: { numbered: ['$'], named: ['@'] } };
  /** NAMEDATALEN - 1: a longer name is cut to this many bytes (with only a NOTICE), so two long names can be one. */
  override readonly maxIdentifierBytes = 63;

  /** Quoted names keep their case; the server cuts every name to 63 bytes. */
  override identifierKey(name: string): string {
    return Buffer.from(name, 'utf8').subarray(0, this.maxIdentifierBytes).toString('utf8');
  }

  override reservedSchema(name: string): string | null {
    if (name === 'pg_temp' || name.startsWith('pg_temp_')) return "PostgreSQL's pg_temp is private to one session: its tables vanish when the command ends";
    if (name.startsWith('pg_')) return 'PostgreSQL reserves schema names starting with pg_ for the system';
    if (name === 'information_schema') return 'PostgreSQL keeps its system views there';
    return null;
  }

  protected readonly types: Readonly<Record<LogicalType, string>> = {
    string: 'text',
    int: 'bigint',
    number: 'double precision',
    bool: 'boolean',
    timestamp: 'timestamptz',
    date: 'date',
    json: 'jsonb',
  };

  protected override readonly typeSynonyms = { string: ['character varying'], int: ['integer'], timestamp: ['timestamp with time zone'] };

  /**
   * A text with a backslash is written as an escape string (`E'…'`, backslash and quote doubled): it means the same
   * whatever `standard_conforming_strings` says, where a plain `'…'` lets `\'` end the literal when it is off.
   * Every other text stays a plain literal.
   */
  override stringLiteral(value: string): string {
    if (!value.includes('\\')) return super.stringLiteral(value);
    if (value.includes('\u0000')) throw new UsageError('text values must not contain NUL characters');
    return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }

  override timestampLiteral(d: Date): string {
    super.timestampLiteral(d);
    return `TIMESTAMPTZ '${formatTimestamp(d)}+00'`;
  }

  override literal(value: unknown): string {
    if (value instanceof TimestampText) return `TIMESTAMPTZ ${this.stringLiteral(`${value.text}+00`)}`;
    return super.literal(value);
  }
}
