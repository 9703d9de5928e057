-- Imports of history (docs/backfill.md, ADR 0025). While an import is open its tenant's clock is
-- the import's watermark: the wall-clock sweep leaves the tenant's accounts alone.
create table backfill (
    import_id      text        primary key,
    tenant_id      text        not null,
    -- signals for moments from here on may act; null: none may
    actions_from   timestamptz,
    watermark      timestamptz,
    applied        bigint      not null default 0,
    late           bigint      not null default 0,
    late_samples   text[]      not null default '{}',
    -- every partition's end marker came: the rest is applied, then the hand-over
    ended          boolean     not null default false,
    handed_over_at timestamptz,
    started_at     timestamptz not null
);
create index backfill_open on backfill (tenant_id) where handed_over_at is null;

-- Per partition of usage-imports: the newest event time read of the import, and its end marker.
create table backfill_partition (
    import_id  text        not null,
    partition  int         not null,
    newest     timestamptz,
    partitions int,
    completed  boolean     not null default false,
    primary key (import_id, partition)
);

-- Events read and not yet applied: held until the watermark passes them, then applied in
-- event-time order per account.
create table backfill_buffer (
    seq         bigserial   primary key,
    import_id   text        not null,
    account_key text        not null,
    event_time  timestamptz not null,
    record      bytea       not null
);
create index backfill_buffer_due on backfill_buffer (import_id, event_time);
