import { Dialect, formatTimestamp, TimestampText, type LogicalType } from '../../compiler/dialect';

/** PostgreSQL (and CockroachDB): timestamptz and jsonb; timestamps are written with an explicit UTC offset. */
export class PostgresDialect extends Dialect {
  readonly name = 'postgres' as const;
  protected readonly types: Readonly<Record<LogicalType, string>> = {
    string: 'text',
    int: 'bigint',
    number: 'double precision',
    bool: 'boolean',
    timestamp: 'timestamptz',
    date: 'date',
    json: 'jsonb',
  };

  override timestampLiteral(d: Date): string {
    super.timestampLiteral(d);
    return `TIMESTAMPTZ '${formatTimestamp(d)}+00'`;
  }

  override literal(value: unknown): string {
    if (value instanceof TimestampText) return `TIMESTAMPTZ ${this.stringLiteral(`${value.text}+00`)}`;
    return super.literal(value);
  }
}
