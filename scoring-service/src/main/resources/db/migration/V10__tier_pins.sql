-- Tier pins: a CSM sets an account's touch tier by hand, until the pin is removed. Never deleted,
-- so the rows are the audit trail; the newest one not removed is active.
create table tier_pin (
    id             bigserial   primary key,
    account_key    text        not null,
    tenant_id      text        not null,
    account_id     text        not null,
    tier           text        not null,
    reason         text        not null,
    author         text        not null,
    created_at     timestamptz not null,
    removed_at     timestamptz,
    removed_by     text,
    removal_reason text
);
create index tier_pin_account on tier_pin (account_key, created_at desc);
