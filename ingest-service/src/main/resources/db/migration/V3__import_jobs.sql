-- Imports of history (docs/backfill.md): one job per import, its counters as ingest judged the
-- events, and scoring's progress as it reported it on import-progress.
create table import_job (
    id              text        primary key,
    tenant_id       text        not null,
    -- receiving: batches accepted; ended: no more, scoring applies the rest; handed-over: done
    state           text        not null,
    actions_from    timestamptz,
    events_read     bigint      not null default 0,
    accepted        bigint      not null default 0,
    rejected        bigint      not null default 0,
    -- rejection reasons (field: rule) and how often each came, at most 50 distinct
    rejections      jsonb       not null default '{}',
    applied         bigint      not null default 0,
    late            bigint      not null default 0,
    late_samples    text[]      not null default '{}',
    watermark       timestamptz,
    created_at      timestamptz not null,
    ended_at        timestamptz,
    handed_over_at  timestamptz
);
-- At most one import per tenant is open at a time: its events share one watermark.
create unique index import_job_open on import_job (tenant_id) where state <> 'handed-over';
