/** A ZetaSQL TypeProto (zetasql/public/type.proto), as sent and received over gRPC. */
export interface TypeProto {
  readonly typeKind: number | string;
  readonly arrayType?: { readonly elementType: TypeProto };
  readonly structType?: { readonly field: ReadonlyArray<{ readonly fieldName: string; readonly fieldType: TypeProto }> };
}

export interface Column {
  readonly name: string;
  readonly type: TypeProto;
}

/** BigQuery's REST type names (a query parameter's parameterType) as ZetaSQL type kinds. */
const KINDS: Readonly<Record<string, string>> = {
  STRING: 'TYPE_STRING', INT64: 'TYPE_INT64', FLOAT64: 'TYPE_DOUBLE', BOOL: 'TYPE_BOOL', TIMESTAMP: 'TYPE_TIMESTAMP', DATE: 'TYPE_DATE',
  DATETIME: 'TYPE_DATETIME', TIME: 'TYPE_TIME', BYTES: 'TYPE_BYTES', NUMERIC: 'TYPE_NUMERIC', BIGNUMERIC: 'TYPE_BIGNUMERIC', JSON: 'TYPE_JSON',
  GEOGRAPHY: 'TYPE_GEOGRAPHY', INTERVAL: 'TYPE_INTERVAL',
};

interface BigqueryParameterType {
  readonly type?: string | null;
  readonly arrayType?: BigqueryParameterType | null;
  readonly structTypes?: ReadonlyArray<{ readonly name?: string | null; readonly type?: BigqueryParameterType | null }> | null;
}

export function typeFromBigquery(t: BigqueryParameterType): TypeProto {
  if (t.type === 'ARRAY') return { typeKind: 'TYPE_ARRAY', arrayType: { elementType: typeFromBigquery(t.arrayType ?? {}) } };
  if (t.type === 'STRUCT') {
    return { typeKind: 'TYPE_STRUCT', structType: { field: (t.structTypes ?? []).map((f) => ({ fieldName: f.name ?? '', fieldType: typeFromBigquery(f.type ?? {}) })) } };
  }
  const kind = KINDS[t.type ?? ''];
  if (!kind) throw new Error(`no ZetaSQL type for BigQuery parameter type ${String(t.type)}`);
  return { typeKind: kind };
}

/**
 * Each parameter's type as the @google-cloud/bigquery client sends it (the driver passes no `types`): the client's
 * own inference, so a number is INT64 or FLOAT64 by its value, a list an ARRAY of its first element's type.
 */
export function parameterTypes(params: Readonly<Record<string, unknown>>): Array<{ name: string; type: TypeProto }> {
  if (Object.keys(params).length === 0) return [];
  const { BigQuery } = require('@google-cloud/bigquery') as typeof import('@google-cloud/bigquery');
  return Object.entries(params).map(([name, value]) => ({ name, type: typeFromBigquery(BigQuery.valueToQueryParameter_(value).parameterType ?? {}) }));
}

/** A type from a resolved AST, with only the fields a catalog needs (the rest come back as nulls). */
export function plainType(t: TypeProto): TypeProto {
  const out: { typeKind: number | string; arrayType?: object; structType?: object } = { typeKind: t.typeKind };
  if (t.arrayType?.elementType) out.arrayType = { elementType: plainType(t.arrayType.elementType) };
  if (t.structType?.field?.length) out.structType = { field: t.structType.field.map((f) => ({ fieldName: f.fieldName, fieldType: plainType(f.fieldType) })) };
  return out as TypeProto;
}
