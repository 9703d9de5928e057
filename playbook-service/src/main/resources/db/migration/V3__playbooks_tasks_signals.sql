-- Playbooks per tenant, CSM tasks with their history, every signal received with what it caused,
-- and what each playbook's guard rails remember per account.

-- A tenant as playbook-service knows it: its settings, and a revision every change of its
-- playbooks or settings bumps, so each instance knows when its cached copy is stale. The row is
-- created with the default playbook library, the first time the tenant is seen.
create table playbook_tenant (
    tenant_id      text        primary key,
    time_zone      text        not null,
    queues         text        not null,
    fallback_owner text        not null,
    revision       bigint      not null,
    created_at     timestamptz not null
);

-- Every version of every playbook; the highest version is the current one. A deleted playbook's
-- last version has state 'deleted'. Tasks name the version that made them.
create table playbook (
    tenant_id  text        not null,
    id         text        not null,
    version    integer     not null,
    state      text        not null,
    definition text        not null,
    created_at timestamptz not null,
    primary key (tenant_id, id, version)
);

-- CSM tasks (the welcome plan's csm_task, grown into the playbook model).
alter table csm_task rename to cs_task;
alter table cs_task
    add column playbook_id         text,
    add column playbook_version    integer,
    add column tier                text,
    add column stage               text,
    add column checklist           text,
    add column owner               text,
    add column due_date            date,
    add column snoozed_until       timestamptz,
    add column outcome             text,
    add column note                text,
    add column dismiss_reason      text,
    add column version             integer,
    add column updated_at          timestamptz,
    add column changed_by          text,
    add column signal_published_at timestamptz;
update cs_task set playbook_id = 'welcome', playbook_version = 1, checklist = '[]', owner = 'cs-team',
    due_date = (due_at at time zone 'UTC')::date, version = 1, updated_at = created_at;
alter table cs_task
    alter column playbook_id set not null,
    alter column playbook_version set not null,
    alter column checklist set not null,
    alter column owner set not null,
    alter column due_date set not null,
    alter column version set not null,
    alter column updated_at set not null;
drop index csm_task_tenant_created;
drop index csm_task_tenant_account;
-- A CSM's worklist: by due date, then id (the cursor's order).
create index cs_task_worklist on cs_task (tenant_id, due_at, id);
create index cs_task_account on cs_task (tenant_id, account_id, created_at);
create index cs_task_snoozed on cs_task (snoozed_until) where status = 'snoozed';
-- Open tasks per owner, for the metrics: read from the index alone.
create index cs_task_open on cs_task (tenant_id, owner, due_at) where status in ('open', 'acknowledged', 'snoozed');

-- Each change of a task, its first version included: the audit trail and the timeline.
create table task_change (
    task_id    text        not null,
    version    integer     not null,
    tenant_id  text        not null,
    account_id text        not null,
    change     text        not null,
    status     text        not null,
    owner      text        not null,
    actor      text,
    detail     text,
    at         timestamptz not null,
    primary key (task_id, version)
);
create index task_change_account on task_change (tenant_id, account_id, at);

-- Every signal received, with its whole payload, whether or not a playbook matched. The primary
-- key makes a redelivered or replayed signal a no-op. seq is the arrival order (simulation
-- decides in it).
create table signal_received (
    tenant_id         text             not null,
    signal_id         text             not null,
    account_id        text             not null,
    signal_type       text             not null,
    at                timestamptz      not null,
    published_at      timestamptz      not null,
    received_at       timestamptz      not null,
    score             double precision not null,
    band              text             not null,
    tier              text,
    stage             text,
    churn_probability double precision,
    churn_level       text,
    reason            text,
    payload           text             not null,
    seq               bigserial        not null,
    primary key (tenant_id, signal_id)
);
create index signal_received_seq on signal_received (tenant_id, seq);
create index signal_received_account on signal_received (tenant_id, account_id, at);

-- The alerts feed: each received signal's position, handed out at the end of the receiving
-- transaction under a lock, so positions become visible in order and a reader resuming after
-- one never misses a lower one. Narrow, so the signal rows are written once.
create sequence alert_feed_position;
create table alert_feed (
    tenant_id text   not null,
    position  bigint not null,
    signal_id text   not null,
    primary key (tenant_id, position)
);

-- What each matching playbook did with each action for a signal: created, or suppressed with the
-- reason (cooldown, cap, never-rule, duplicate, dry-run, churned, no-recipient).
create table playbook_action (
    tenant_id        text        not null,
    signal_id        text        not null,
    playbook_id      text        not null,
    action_index     integer     not null,
    playbook_version integer     not null,
    account_id       text        not null,
    kind             text        not null,
    channel          text,
    template         text,
    outcome          text        not null,
    reason           text,
    task_id          text,
    message_ids      text[]      not null,
    recipients       text[]      not null,
    at               timestamptz not null,
    decided_at       timestamptz not null,
    primary key (tenant_id, signal_id, playbook_id, action_index)
);
-- The timeline's message requests.
create index playbook_action_messages on playbook_action (tenant_id, account_id, decided_at)
    where kind = 'message' and outcome = 'created';

-- What each playbook's guard rails remember of each account.
create table playbook_guard (
    tenant_id     text          not null,
    account_id    text          not null,
    playbook_id   text          not null,
    last_fired_at timestamptz,
    open_task_id  text,
    message_times timestamptz[] not null,
    primary key (tenant_id, account_id, playbook_id)
);
