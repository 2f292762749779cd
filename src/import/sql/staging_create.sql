{{!-- Where the appender (or COPY) puts imported events before they become exceptions in one transaction. --}}
CREATE {{dispatch "import/staging_kind"}} TABLE {{staging}} (
  event_id {{type "string"}},
  event_created_at {{type "timestamp"}},
  event_name {{type "string"}},
  user_id {{type "string"}},
  event_external_reference_id {{type "string"}},
  event_advisor_id {{type "string"}},
  event_data {{type "string"}},
  event_ingested_at {{type "timestamp"}},
  is_event_update {{type "bool"}},
  exception_seq {{type "int"}}
)
