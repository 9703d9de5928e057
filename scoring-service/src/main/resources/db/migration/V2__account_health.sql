-- Per-account health state; V1 (inbox, outbox) comes from libs/messaging.
create table account_health (
    account_key    text             primary key,
    tenant_id      text             not null,
    account_id     text             not null,
    score          double precision not null,
    band           text             not null,
    first_seen_at  timestamptz      not null,
    last_event_at  timestamptz      not null,
    events_applied bigint           not null
);
create index account_health_tenant on account_health (tenant_id, account_id);
