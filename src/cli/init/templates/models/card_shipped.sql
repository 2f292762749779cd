{{config event_name="CardWasShipped"}}
select
  event_id,
  event_created_at,
  user_id,
  event_external_reference_id as card_id,
  {{json_value "event_data" "$.Status"}} as status,
  {{json_value "event_data" "$.Carrier"}} as carrier,
  {{json_value "event_data" "$.Address.Country"}} as country,
  {{json_value "event_data" "$.ShippedAt" type="timestamp"}} as shipped_at
from {{events}}
