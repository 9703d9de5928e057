-- Learned churn models (docs/scoring-model.md, ADR 0026).

-- Churn risk is unknown until an account shows usage: no probability then.
alter table account_health add column churn_model_version int not null default 0;
alter table health_history alter column churn drop not null;

-- What happened to an account, with its date: from group traits, the REST API or a renewal date
-- moving on. The same outcome recorded twice is one.
create table account_outcome (
    tenant_id   text        not null,
    account_id  text        not null,
    kind        text        not null,
    occurred_on date        not null,
    source      text        not null,
    note        text,
    recorded_at timestamptz not null,
    primary key (tenant_id, account_id, kind, occurred_on)
);

-- Each account's churn features at each observation moment (by default midnight UTC starting each
-- month, in event time): what training learns from.
create table churn_observation (
    tenant_id   text        not null,
    account_id  text        not null,
    observed_at timestamptz not null,
    features    jsonb       not null,
    primary key (tenant_id, observed_at, account_id)
);

-- Each training run: a version with its coefficients and held-out figures, or the reason there is none.
create table churn_model (
    tenant_id    text        not null,
    version      int         not null,
    status       text        not null,
    reason       text        not null,
    model        jsonb,
    evaluation   jsonb,
    trained_at   timestamptz not null,
    trained_by   text        not null,
    activated_at timestamptz,
    active       boolean     not null default false,
    primary key (tenant_id, version)
);
create unique index churn_model_one_active on churn_model (tenant_id) where active;
