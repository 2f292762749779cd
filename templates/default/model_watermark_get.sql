SELECT watermark FROM {{tables.framework_schema}}.model_watermarks WHERE model = {{model}}
