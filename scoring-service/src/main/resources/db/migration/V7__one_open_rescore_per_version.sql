-- At most one open re-scoring job per tenant and version: asking again while one runs returns it.
create unique index rescore_job_one_open on rescore_job (tenant_id, version) where status in ('queued', 'running');
