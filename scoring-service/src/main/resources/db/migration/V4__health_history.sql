-- Every score change, for the history endpoint and for trends against 7 and 30 days ago.
create table health_history (
    id             bigserial        primary key,
    account_key    text             not null,
    scored_at      timestamptz      not null,
    score          double precision not null,
    band           text             not null,
    churn          double precision not null,
    partial        boolean          not null,
    caused_by      text             not null
);
create index health_history_account on health_history (account_key, scored_at desc);
