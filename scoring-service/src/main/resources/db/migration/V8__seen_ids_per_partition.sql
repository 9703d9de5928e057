-- What scoring applied of usage-events, per partition (ADR 0013), instead of an inbox row per
-- event. inbox_message stays for the other consumers of libs/messaging; scoring no longer
-- writes it.

-- One row per partition, locked and moved on by every poll's transaction:
--   next_offset: the offset after the last record a committed poll covered; a record below it
--     is a redelivery (applied_before keeps the value the current poll found);
--   generation: a new value of seen_generation per poll; a consumer whose in-memory window does
--     not stand at `previous` missed other consumers' polls and reloads it from seen_ids.
create sequence seen_generation;
create table seen_partition (
    topic          text   not null,
    partition      int    not null,
    previous       bigint not null,
    generation     bigint not null,
    applied_before bigint not null,
    next_offset    bigint not null,
    primary key (topic, partition)
);

-- The 64-bit hashes of the message ids one poll applied first, 8 bytes each, big-endian, kept
-- for the dedupe window (24 h) so a client's retry of an id is recognised.
create table seen_ids (
    topic      text        not null,
    partition  int         not null,
    generation bigint      not null,
    seen_at    timestamptz not null,
    ids        bytea       not null,
    primary key (topic, partition, generation)
);
create index seen_ids_seen_at on seen_ids (seen_at);
