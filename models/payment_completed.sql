{{config event_name="PaymentCompleted" partition_by="event_created_at" unique_key="event_id"}}
select
  event_id,
  event_created_at,
  user_id,
  event_external_reference_id as transaction_id,
  event_advisor_id as advisor_id,
  {{json_value "event_data" "$.Amount" type="number"}} as amount,
  {{json_value "event_data" "$.Currency"}} as currency,
  {{json_value "event_data" "$.Status"}} as status,
  {{json_value "event_data" "$.Attempt" type="int"}} as attempt
from {{events}}
