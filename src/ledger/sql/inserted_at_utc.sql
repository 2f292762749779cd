{{!-- Migration 0009: nothing here; PostgreSQL's timestamptz and BigQuery's TIMESTAMP hold a point in time already. --}}
