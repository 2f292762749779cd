import type { TypeProto } from '../../zetasql/types';

/** A ZetaSQL ValueProto as the service sends and takes it (int64 and seconds may come back as Long objects). */
export type Value = Record<string, unknown>;
export interface JsonObject { [key: string]: unknown }

/** ZetaSQL's TypeKind numbers (zetasql/public/type.proto) by name: the resolved AST gives numbers, catalogs names. */
const KIND_NAMES: Readonly<Record<number, string>> = {
  1: 'INT32', 2: 'INT64', 3: 'UINT32', 4: 'UINT64', 5: 'BOOL', 6: 'FLOAT', 7: 'DOUBLE', 8: 'STRING', 9: 'BYTES', 10: 'DATE', 15: 'ENUM',
  16: 'ARRAY', 17: 'STRUCT', 18: 'PROTO', 19: 'TIMESTAMP', 20: 'TIME', 21: 'DATETIME', 22: 'GEOGRAPHY', 23: 'NUMERIC', 24: 'BIGNUMERIC', 26: 'JSON', 27: 'INTERVAL',
};

/** The kind of a type without its `TYPE_` prefix: STRING, INT64, TIMESTAMP, ARRAY, … */
export function kindOf(t: TypeProto): string {
  return typeof t.typeKind === 'number' ? (KIND_NAMES[t.typeKind] ?? String(t.typeKind)) : String(t.typeKind).replace(/^TYPE_/, '');
}

/** A type with string kinds and only the fields a catalog needs. */
export function normalType(t: TypeProto): TypeProto {
  const out: { typeKind: string; arrayType?: object; structType?: object } = { typeKind: `TYPE_${kindOf(t)}` };
  if (t.arrayType?.elementType) out.arrayType = { elementType: normalType(t.arrayType.elementType) };
  if (t.structType?.field?.length) out.structType = { field: t.structType.field.map((f) => ({ fieldName: f.fieldName, fieldType: normalType(f.fieldType) })) };
  return out as TypeProto;
}

/** BigQuery's standard SQL type name (INFORMATION_SCHEMA.COLUMNS.data_type). */
export function sqlTypeName(t: TypeProto): string {
  const k = kindOf(t);
  if (k === 'DOUBLE') return 'FLOAT64';
  if (k === 'ARRAY') return `ARRAY<${sqlTypeName(t.arrayType!.elementType)}>`;
  if (k === 'STRUCT') return `STRUCT<${t.structType!.field.map((f) => `${f.fieldName} ${sqlTypeName(f.fieldType)}`).join(', ')}>`;
  return k;
}

const LEGACY: Readonly<Record<string, string>> = { INT64: 'INTEGER', DOUBLE: 'FLOAT', BOOL: 'BOOLEAN', STRUCT: 'RECORD' };

/** A REST TableFieldSchema (legacy type names, REPEATED for arrays). */
export function restField(name: string, t: TypeProto): JsonObject {
  const k = kindOf(t);
  if (k === 'ARRAY') return { ...restField(name, t.arrayType!.elementType), mode: 'REPEATED' };
  const field: JsonObject = { name, type: LEGACY[k] ?? k, mode: 'NULLABLE' };
  if (k === 'STRUCT') field['fields'] = t.structType!.field.map((f) => restField(f.fieldName, f.fieldType));
  return field;
}

const num = (v: unknown): bigint => (v === undefined || v === null ? 0n : typeof v === 'object' ? BigInt(String(v)) : BigInt(v as number | string));

export const isNull = (v: Value | undefined): boolean => !v || Object.keys(v).filter((k) => k !== 'value').every((k) => v[k] === undefined || v[k] === null);

/** Microseconds since the epoch of a TIMESTAMP value. */
export function micros(v: Value): bigint {
  const ts = v['timestampValue'] as { seconds?: unknown; nanos?: number };
  return num(ts.seconds) * 1_000_000n + BigInt(Math.trunc((ts.nanos ?? 0) / 1000));
}

export function timestampValue(us: bigint): Value {
  const seconds = us >= 0n ? us / 1_000_000n : -((-us + 999_999n) / 1_000_000n);
  return { timestampValue: { seconds: String(seconds), nanos: Number(us - seconds * 1_000_000n) * 1000 } };
}

/** `YYYY-MM-DD[ T]HH:MM:SS[.ffffff][Z|±HH:MM| UTC]` (or a date) as microseconds since the epoch. */
export function parseTimestamp(text: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i.exec(text.trim());
  if (!m) throw new Error(`Invalid timestamp: '${text}'`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  let us = BigInt(ms) * 1000n + BigInt((m[7] ?? '').padEnd(6, '0').slice(0, 6) || '0');
  const off = /^([+-])(\d{2}):?(\d{2})?$/.exec(m[8] ?? '');
  if (off) us -= BigInt((off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3] ?? 0)) * 60) * 1_000_000n;
  return us;
}

/** A value from JSON-ish input (a query parameter's value or an NDJSON cell) of the given type. */
export function toValue(raw: unknown, t: TypeProto): Value {
  if (raw === null || raw === undefined) return {};
  const k = kindOf(t);
  switch (k) {
    case 'STRING': return { stringValue: String(raw) };
    case 'INT64': return { int64Value: String(raw) };
    case 'DOUBLE': return { doubleValue: Number(raw) };
    case 'BOOL': return { boolValue: raw === true || String(raw).toLowerCase() === 'true' };
    case 'TIMESTAMP': return timestampValue(typeof raw === 'number' ? BigInt(Math.round(raw * 1e6)) : parseTimestamp(String(raw)));
    case 'DATE': return { dateValue: Math.round(Date.parse(`${String(raw)}T00:00:00Z`) / 86_400_000) };
    case 'JSON': return { jsonValue: typeof raw === 'string' ? raw : JSON.stringify(raw) };
    case 'ARRAY': return { arrayValue: { element: (raw as unknown[]).map((e) => toValue(e, t.arrayType!.elementType)) } };
    case 'STRUCT': {
      const fields = t.structType!.field;
      return { structValue: { field: fields.map((f, i) => toValue(Array.isArray(raw) ? raw[i] : (raw as JsonObject)[f.fieldName], f.fieldType)) } };
    }
    default: throw new Error(`the emulator does not take values of type ${k}`);
  }
}

export type TimestampFormat = 'int64' | 'iso' | 'float';

/** A REST row cell (`{v: …}`) of a value, timestamps in the format the client asked for. */
export function restCell(v: Value | undefined, t: TypeProto, ts: TimestampFormat): JsonObject {
  if (!v || isNull(v)) return { v: null };
  const k = kindOf(t);
  if (k === 'ARRAY') return { v: ((v['arrayValue'] as { element?: Value[] }).element ?? []).map((e) => restCell(e, t.arrayType!.elementType, ts)) };
  if (k === 'STRUCT') return { v: { f: ((v['structValue'] as { field?: Value[] }).field ?? []).map((e, i) => restCell(e, t.structType!.field[i]!.fieldType, ts)) } };
  return { v: scalarText(v, k, ts) };
}

function scalarText(v: Value, k: string, ts: TimestampFormat): string {
  switch (k) {
    case 'TIMESTAMP': {
      const us = micros(v);
      if (ts === 'int64') return String(us);
      if (ts === 'iso') return `${isoMicros(us)}Z`;
      return String(Number(us) / 1e6);
    }
    case 'DATE': return new Date(Number(v['dateValue']) * 86_400_000).toISOString().slice(0, 10);
    case 'INT64': return String(num(v['int64Value']));
    case 'BOOL': return String(v['boolValue'] === true);
    case 'DOUBLE': return String(v['doubleValue']);
    case 'JSON': return String(v['jsonValue']);
    case 'STRING': return String(v['stringValue']);
    default: throw new Error(`the emulator does not return values of type ${k}`);
  }
}

/** `YYYY-MM-DDTHH:MM:SS.ffffff` of microseconds since the epoch. */
export function isoMicros(us: bigint): string {
  const ms = us >= 0n ? us / 1000n : -((-us + 999n) / 1000n);
  const frac = String(((us % 1_000_000n) + 1_000_000n) % 1_000_000n).padStart(6, '0');
  return `${new Date(Number(ms)).toISOString().slice(0, 19)}.${frac}`;
}

/** A REST query parameter type ({type, arrayType, structTypes}) as a ZetaSQL type. */
export function paramType(p: { type?: string; arrayType?: unknown; structTypes?: Array<{ name?: string; type?: unknown }> }): TypeProto {
  const kinds: Record<string, string> = { INTEGER: 'INT64', FLOAT: 'DOUBLE', FLOAT64: 'DOUBLE', BOOLEAN: 'BOOL', RECORD: 'STRUCT' };
  const k = kinds[p.type ?? ''] ?? p.type ?? 'STRING';
  if (k === 'ARRAY') return { typeKind: 'TYPE_ARRAY', arrayType: { elementType: paramType(p.arrayType as never) } };
  if (k === 'STRUCT') return { typeKind: 'TYPE_STRUCT', structType: { field: (p.structTypes ?? []).map((f) => ({ fieldName: f.name ?? '', fieldType: paramType(f.type as never) })) } };
  return { typeKind: `TYPE_${k}` };
}

/** A REST parameterValue ({value} | {arrayValues} | {structValues}) as plain JSON for toValue. */
export function paramRaw(v: { value?: unknown; arrayValues?: unknown[]; structValues?: Record<string, unknown> } | undefined, t: TypeProto): unknown {
  if (!v) return null;
  const k = kindOf(t);
  if (k === 'ARRAY') return (v.arrayValues ?? []).map((e) => paramRaw(e as never, t.arrayType!.elementType));
  if (k === 'STRUCT') return Object.fromEntries(t.structType!.field.map((f) => [f.fieldName, paramRaw((v.structValues ?? {})[f.fieldName] as never, f.fieldType)]));
  return v.value ?? null;
}
