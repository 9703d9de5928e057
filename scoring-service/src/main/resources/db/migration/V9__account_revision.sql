-- Which transaction last wrote each account (ADR 0014): every write sets it to the writer's
-- transaction id, so a consumer that kept an account in memory after its own write knows the
-- copy is still current while the value is the one its write left. Rows written before this
-- column have 0, which no transaction id is.
alter table account_health add column revision bigint not null default 0;
