-- Explanations are computed on read from the state and memory stored with each score (the model
-- is deterministic), rather than written with every score.
alter table account_health drop column explanation;
