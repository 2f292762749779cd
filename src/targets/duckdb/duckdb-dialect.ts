import { Dialect, type FormatterDialect, type LogicalType } from '../../compiler/dialect';

export class DuckdbDialect extends Dialect {
  readonly name = 'duckdb' as const;
  readonly formatter: FormatterDialect = { language: 'duckdb', paramTypes: { positional: true, numbered: ['$'], named: ['$', '@'] } };
  /** DuckDB compares names case-insensitively, quoted or not. */
  override identifierKey(name: string): string {
    return name.toLowerCase();
  }

  override reservedSchema(name: string): string | null {
    const key = this.identifierKey(name);
    if (key === 'temp') return "DuckDB's temp is private to one connection: its tables vanish when the command ends";
    if (['system', 'information_schema', 'pg_catalog'].includes(key)) return `DuckDB's ${key} holds the system catalog`;
    return null;
  }

  protected readonly types: Readonly<Record<LogicalType, string>> = {
    string: 'VARCHAR',
    int: 'BIGINT',
    number: 'DOUBLE',
    bool: 'BOOLEAN',
    timestamp: 'TIMESTAMP',
    date: 'DATE',
    json: 'JSON',
  };

  protected override readonly typeSynonyms = { int: ['INTEGER'] };
}
