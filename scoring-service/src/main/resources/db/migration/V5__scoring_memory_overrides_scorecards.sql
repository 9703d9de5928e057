-- Batched scoring, signals with episodes, trends, overrides and per-tenant scorecards.

-- What scoring remembers of its earlier scores (bands, daily scores, open episodes, moves), and
-- the columns CS ops filter and sort accounts by.
alter table account_health add column memory text not null default '{}';
alter table account_health add column computed_score double precision not null default 0;
alter table account_health add column overridden boolean not null default false;
alter table account_health add column trend_7d double precision;
alter table account_health add column trend_30d double precision;
alter table account_health add column tier text;
alter table account_health add column stage text;
alter table account_health add column last_activity_at timestamptz;
-- When the sweep should look at the account again (time alone may change its score or signals).
alter table account_health add column next_check_at timestamptz not null default now();
create index account_health_next_check on account_health (next_check_at);
create index account_health_tenant_score on account_health (tenant_id, score);

-- Manual overrides: never deleted, so the rows are the audit trail. Active while not removed and
-- not expired; the newest active one counts.
create table health_override (
    id             bigserial        primary key,
    account_key    text             not null,
    tenant_id      text             not null,
    account_id     text             not null,
    score          double precision not null,
    reason         text             not null,
    author         text             not null,
    created_at     timestamptz      not null,
    expires_at     timestamptz      not null,
    removed_at     timestamptz,
    removed_by     text,
    removal_reason text
);
create index health_override_account on health_override (account_key, created_at desc);

-- Scorecard versions per tenant (version 1 is the built-in default every tenant starts on).
create table scorecard (
    tenant_id    text        not null,
    version      integer     not null,
    definition   text        not null,
    created_at   timestamptz not null,
    created_by   text        not null,
    activated_at timestamptz,
    active       boolean     not null default false,
    primary key (tenant_id, version)
);
create unique index scorecard_one_active on scorecard (tenant_id) where active;

-- Re-scoring all accounts of a tenant under a scorecard version, with its progress.
create table rescore_job (
    id           bigserial   primary key,
    tenant_id    text        not null,
    version      integer     not null,
    status       text        not null,
    total        integer     not null,
    done         integer     not null default 0,
    last_key     text        not null default '',
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    finished_at  timestamptz
);
create index rescore_job_open on rescore_job (status) where status in ('queued', 'running');
