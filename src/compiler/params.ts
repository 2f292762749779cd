import crypto from 'node:crypto';
import { UsageError } from '../errors';
import type { Dialect } from './dialect';
import { Sql } from './sql';
import { codeOnly } from './sql-text';

const PARAM = /@(p_[0-9a-f]{12})\b/g;

/**
 * Turns values into SQL: named query parameters on dialects that bind them (BigQuery), escaped literals
 * elsewhere. Names are derived from the value, so the same input always compiles to the same text. Timestamps stay
 * literals everywhere: partition pruning needs constant bounds.
 */
export class ParamBinder {
  private readonly values = new Map<string, unknown>();

  constructor(private readonly dialect: Dialect) {}

  value(v: unknown): Sql {
    if (!this.dialect.bindsParameters || !bindable(v)) return new Sql(this.dialect.literal(v));
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return new Sql(this.dialect.jsonParameter(this.bind(JSON.stringify(v))));
    return new Sql(this.bind(v));
  }

  /** The right-hand side of `x IN …` for a non-empty list. */
  list(values: unknown): Sql {
    if (!Array.isArray(values) || values.length === 0) throw new UsageError('list: expected a non-empty list of values');
    if (this.dialect.bindsParameters && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return new Sql(this.dialect.listParameter(this.bind(values)));
    }
    return new Sql(`(${values.map((v) => this.value(v).text).join(', ')})`);
  }

  /** The parameters a statement refers to (outside its literals and comments). */
  paramsOf(sql: string, backslashEscapes: boolean): Record<string, unknown> {
    const params: Record<string, unknown> = {};
    for (const m of codeOnly(sql, backslashEscapes).matchAll(PARAM)) {
      const name = m[1]!;
      if (!this.values.has(name)) throw new Error(`statement refers to unknown parameter @${name}`);
      params[name] = this.values.get(name);
    }
    return params;
  }

  private bind(v: unknown): string {
    const name = `p_${crypto.createHash('sha256').update(JSON.stringify([typeof v, v])).digest('hex').slice(0, 12)}`;
    this.values.set(name, v);
    return `@${name}`;
  }
}

function bindable(v: unknown): boolean {
  if (typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  return typeof v === 'object' && v !== null && !(v instanceof Date) && v.constructor === Object;
}
