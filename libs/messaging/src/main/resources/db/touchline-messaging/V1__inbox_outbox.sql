-- Inbox and outbox of the transactional-messaging pattern (libs/messaging). Every service that
-- consumes or publishes from a transaction has both tables in its own schema. Service
-- migrations start at V2.

-- Ids of messages already applied, written in the same transaction as their effect, so a
-- redelivered message changes nothing.
create table inbox_message (
    consumer    text        not null,
    message_id  text        not null,
    received_at timestamptz not null,
    primary key (consumer, message_id)
);
create index inbox_message_received_at on inbox_message (received_at);

-- Messages to publish, written in the same transaction as the state they describe and relayed
-- to Kafka after commit; deleted once the broker acknowledged them.
create table outbox_message (
    seq         bigserial   primary key,
    topic       text        not null,
    message_key text        not null,
    message_id  text        not null,
    payload     text        not null,
    created_at  timestamptz not null
);
