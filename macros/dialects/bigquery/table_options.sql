{{!-- Day partitions on the event time (pruned by constant bounds) and clustering on the keys we filter by. --}}
PARTITION BY DATE({{partition_by}})
CLUSTER BY {{cluster_by}}
