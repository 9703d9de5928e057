-- What a write key may do from browsers: the page origins it answers (none: a server key), and
-- which known account traits it may set (browser keys are public, so by default none).
alter table write_key add column allowed_origins text[] not null default '{}';
alter table write_key add column allowed_traits text[] not null default '{}';
