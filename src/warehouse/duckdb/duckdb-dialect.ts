import { Dialect, type LogicalType } from '../../compiler/dialect';

export class DuckdbDialect extends Dialect {
  readonly name = 'duckdb' as const;
  override readonly workSchema = 'temp';
  override readonly prunesOredRanges = false;
  override readonly ranksRepeatedCopiesOnly = true;
  override readonly fetchesByRowid = true;
  override readonly buildsDaysInPlace = true;
  protected readonly types: Readonly<Record<LogicalType, string>> = {
    string: 'VARCHAR',
    int: 'BIGINT',
    number: 'DOUBLE',
    bool: 'BOOLEAN',
    timestamp: 'TIMESTAMP',
    date: 'DATE',
    json: 'JSON',
  };
}
