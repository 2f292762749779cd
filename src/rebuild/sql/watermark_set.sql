DELETE FROM {{tables.framework_schema}}.model_watermarks WHERE model = {{model}};
INSERT INTO {{tables.framework_schema}}.model_watermarks (model, watermark, last_run_at, operation_id)
VALUES ({{model}}, {{watermark}}, {{last_run_at}}, {{operation_id}});
