{{!-- Functions some dialects need for the canonical_json fragment; BigQuery's JSON prints canonically already. --}}
