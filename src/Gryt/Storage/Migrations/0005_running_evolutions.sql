-- gryt schema, version 5: every command looks for evolutions left running by a gryt that died;
-- a partial index keeps that look-up from scanning the whole table as history grows.
CREATE INDEX ix_evolutions_running ON evolutions (status) WHERE status = 'running';
