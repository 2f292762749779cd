{{!-- Functions some dialects need for the json_set fragment (PostgreSQL: jsonb_merge_patch); empty elsewhere. --}}
{{dispatch "json_functions"}}
