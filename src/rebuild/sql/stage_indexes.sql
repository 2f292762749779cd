{{!-- Partitioned and clustered stage tables need no indexes: nothing by default. --}}
