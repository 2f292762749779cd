SELECT watermark, operation_id FROM {{tables.framework_schema}}.model_watermarks WHERE model = {{model}}
