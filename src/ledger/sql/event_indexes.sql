{{!-- Partitioned and clustered targets prune by day and by id without indexes: nothing to create. --}}
