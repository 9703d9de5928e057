-- The W3C trace context (traceparent) of the record that caused an outbox message, for the relay
-- to pass on as a Kafka header; null when tracing is off. Repeatable, so it applies after each
-- service's own versioned migrations, whatever their numbers.
alter table outbox_message add column if not exists trace_parent text;
