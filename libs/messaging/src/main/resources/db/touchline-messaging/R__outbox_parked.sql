-- Outbox rows Kafka can never take (larger than the broker accepts, a topic name that is not
-- valid), moved here by the relay with the reason so the rows behind them go on. An operator
-- fixes the cause and moves a row back to outbox_message, or deletes it (docs/operations.md).
-- Repeatable, so it applies after each service's own versioned migrations, whatever their numbers.
create table if not exists outbox_parked (
    seq          bigint      primary key,
    topic        text        not null,
    message_key  text        not null,
    message_id   text        not null,
    payload      text        not null,
    created_at   timestamptz not null,
    trace_parent text,
    parked_at    timestamptz not null,
    reason       text        not null
);
