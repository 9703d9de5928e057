-- Explanations are computed on read from the state and memory stored with each score (the model
-- is deterministic), rather than written with every score. The column stays for one release, so
-- instances still running the previous version keep working during a rolling deploy; nothing
-- reads it any more, and a later migration drops it.
comment on column account_health.explanation is
    'No longer written or read (explained on read since V6); to be dropped in a later release';
