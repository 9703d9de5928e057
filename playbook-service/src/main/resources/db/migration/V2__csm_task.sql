-- CSM tasks; V1 (inbox, outbox) comes from libs/messaging.
create table csm_task (
    id          text        primary key,
    tenant_id   text        not null,
    account_id  text        not null,
    signal_id   text        not null,
    signal_type text        not null,
    title       text        not null,
    status      text        not null,
    priority    text        not null,
    due_at      timestamptz not null,
    created_at  timestamptz not null
);
create index csm_task_tenant_created on csm_task (tenant_id, created_at desc);
create index csm_task_tenant_account on csm_task (tenant_id, account_id);
