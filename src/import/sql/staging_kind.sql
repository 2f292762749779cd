{{!-- The kind of table staging_create makes: a plain one by default. --}}
