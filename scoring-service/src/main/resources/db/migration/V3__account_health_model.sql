-- The health model replaces the Foundation's placeholder: state, churn risk and explanation.
alter table account_health add column state text not null default '{}';
alter table account_health add column partial boolean not null default true;
alter table account_health add column churn_probability double precision;
alter table account_health add column churn_level text;
alter table account_health add column scorecard_version integer not null default 0;
alter table account_health add column explanation text not null default '{}';
