-- The W3C trace context (traceparent) of the request a delivery came from, for its webhook to
-- carry; null when tracing is off.
alter table delivery add column trace_parent text;
