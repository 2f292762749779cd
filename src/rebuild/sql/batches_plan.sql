INSERT INTO {{tables.framework_schema}}.operation_batches (operation_id, model, batch_no, first_day, last_day, high_water, status)
VALUES
{{#each batches}}
  {{#unless @first}},{{/unless}}({{../operation_id}}, {{../model}}, {{batch_no}}, {{first_day}}, {{last_day}}, {{../high_water}}, 'pending')
{{/each}}
