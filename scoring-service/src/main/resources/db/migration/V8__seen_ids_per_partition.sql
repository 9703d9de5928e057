-- Usage events applied within the dedupe window, per partition and poll (ADR 0013): one row per
-- poll instead of an inbox row per event. inbox_message stays for the other consumers of
-- libs/messaging; scoring no longer writes it.

-- Bumped by every poll's transaction, which locks the row: a consumer whose in-memory window
-- does not match `previous` missed other consumers' polls and reloads it from seen_ids.
create sequence seen_generation;
create table seen_partition (
    topic      text   not null,
    partition  int    not null,
    previous   bigint not null,
    generation bigint not null,
    primary key (topic, partition)
);

-- The 64-bit hashes of the message ids one poll applied first, 8 bytes each, big-endian.
create table seen_ids (
    topic      text        not null,
    partition  int         not null,
    generation bigint      not null,
    seen_at    timestamptz not null,
    ids        bytea       not null,
    primary key (topic, partition, generation)
);
create index seen_ids_seen_at on seen_ids (seen_at);
