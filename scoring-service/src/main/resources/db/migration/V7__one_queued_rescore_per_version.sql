-- At most one queued re-scoring job per tenant and version: asking again before it starts returns
-- it. A running job is never merged with a new request, since it has passed some accounts already.
-- Duplicates queued before this index existed are folded into the newest.
update rescore_job j set status = 'superseded', finished_at = now(), updated_at = now()
where j.status = 'queued' and exists (
    select 1 from rescore_job newer
    where newer.tenant_id = j.tenant_id and newer.version = j.version and newer.status = 'queued'
      and newer.id > j.id);
create unique index rescore_job_one_queued on rescore_job (tenant_id, version) where status = 'queued';
