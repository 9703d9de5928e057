-- ingest-service's own tables; V1 (inbox, outbox) comes from libs/messaging.

-- Which account(s) a user belongs to, learnt from group calls; attributes events that name none.
create table membership (
    tenant_id     text        not null,
    user_id       text        not null,
    account_id    text        not null,
    first_seen_at timestamptz not null,
    primary key (tenant_id, user_id, account_id)
);

-- Events refused, kept so a tenant can see what was not accepted and why.
create table rejection (
    id          bigserial   primary key,
    tenant_id   text        not null,
    received_at timestamptz not null,
    source      text        not null,
    batch_index integer,
    message_id  text,
    reasons     text        not null,
    event       text        not null
);
create index rejection_tenant_id on rejection (tenant_id, id desc);
create index rejection_received_at on rejection (received_at);

-- Write keys, stored only as SHA-256 hashes of the 128-bit random keys.
create table write_key (
    id         text        primary key,
    tenant_id  text        not null,
    key_hash   text        not null unique,
    label      text        not null,
    created_at timestamptz not null,
    revoked_at timestamptz
);
create index write_key_tenant on write_key (tenant_id);
