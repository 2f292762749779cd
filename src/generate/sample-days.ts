/** Where scans are billed (BigQuery), only events of the last SAMPLE_DAYS days before the as-of date are sampled. */
export const SAMPLE_DAYS = 7;
