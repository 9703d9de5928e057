-- Delivery of touch messages and CSM task notifications (docs/notifications.md, ADR 0022).

-- A tenant's channels; created with defaults when its first request arrives. Secrets are
-- write-only through the API. signing_secret signs unsubscribe links and is never shown.
create table notification_tenant (
    tenant_id       text        primary key,
    time_zone       text        not null,
    sender_email    text        not null,
    sender_name     text        not null,
    quiet_start     time,
    quiet_end       time,
    digest_hour     int         not null,
    email_cap       int         not null,
    email_cap_days  int         not null,
    csm_channel     text        not null,
    csm_webhook_url text,
    webhook_url     text,
    webhook_format  text        not null,
    webhook_secret  text,
    inbox_secret    text,
    signing_secret  text        not null,
    updated_at      timestamptz not null
);

-- Email templates per tenant (Qute), seeded from the default playbooks' templates.
create table email_template (
    tenant_id   text        not null,
    template_id text        not null,
    subject     text        not null,
    text_body   text        not null,
    html_body   text        not null,
    updated_at  timestamptz not null,
    primary key (tenant_id, template_id)
);

-- One row per request to deliver: its id is the request's id (the touch message's id, or
-- task:<taskId> for a CSM notification), so a redelivered request finds its row and adds nothing.
create table delivery (
    tenant_id       text        not null,
    id              text        not null,
    account_id      text        not null,
    kind            text        not null,   -- message, task, digest-item, digest
    channel         text        not null,   -- email, webhook, in-app
    recipient       text,
    template_id     text,
    title           text,
    body            text,
    priority        text,
    request         text        not null,   -- the request's envelope as JSON, as it came; a digest's task ids
    status          text        not null,   -- PENDING, SENT, FAILED, SUPPRESSED
    reason          text,
    attempts        int         not null default 0,
    next_attempt_at timestamptz,
    digest_id       text,
    requested_at    timestamptz not null,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    updated_at      timestamptz not null,
    primary key (tenant_id, id)
);
create index delivery_due on delivery (next_attempt_at) where status = 'PENDING';
create index delivery_account on delivery (tenant_id, account_id, created_at desc, id desc);
create index delivery_recent on delivery (tenant_id, created_at desc, id desc);
create index delivery_sent_to on delivery (tenant_id, recipient, channel, sent_at) where status = 'SENT' and kind = 'message';
create index delivery_digest on delivery (tenant_id, digest_id) where digest_id is not null;

-- Every attempt, recorded before the send and completed after it: an attempt still in-flight
-- after a crash is found by the reconciler and marked unknown, never silently repeated.
create table delivery_attempt (
    tenant_id   text        not null,
    delivery_id text        not null,
    attempt     int         not null,
    started_at  timestamptz not null,
    finished_at timestamptz,
    outcome     text        not null,   -- in-flight, sent, transient, permanent, unknown
    detail      text,
    primary key (tenant_id, delivery_id, attempt)
);
create index delivery_attempt_in_flight on delivery_attempt (started_at) where outcome = 'in-flight';

-- Opt-outs per recipient and channel (all = every channel).
create table opt_out (
    tenant_id  text        not null,
    recipient  text        not null,
    channel    text        not null,
    source     text        not null,   -- link, api
    created_at timestamptz not null,
    primary key (tenant_id, recipient, channel)
);

-- The inbox gains a position per user, handed out in commit order (inserts for one user take
-- an advisory lock), so the stream resumes with Last-Event-ID.
alter table inbox_entry add column seq bigserial;
create index inbox_entry_unread on inbox_entry (tenant_id, user_id, (read_at is null) desc, created_at desc, id desc);
create index inbox_entry_seq on inbox_entry (tenant_id, user_id, seq);
