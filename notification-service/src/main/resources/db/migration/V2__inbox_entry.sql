-- In-app inbox entries; V1 (inbox, outbox) comes from libs/messaging.
create table inbox_entry (
    id         text        primary key,
    tenant_id  text        not null,
    account_id text        not null,
    user_id    text        not null,
    title      text        not null,
    body       text        not null,
    created_at timestamptz not null,
    read_at    timestamptz
);
create index inbox_entry_user on inbox_entry (tenant_id, user_id, created_at desc);
