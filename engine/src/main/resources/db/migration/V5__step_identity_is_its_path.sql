-- A step is identified by its run and path; seq only orders a run's steps (the engine assigns it
-- in execution order, the same on every resume). One unique index instead of two: each costs every
-- checkpoint a conflict probe and an insert, and the step log is the engine's hottest table.
ALTER TABLE step_log
    DROP CONSTRAINT step_log_pkey,
    DROP CONSTRAINT step_log_run_id_step_path_key,
    ADD CONSTRAINT step_log_pkey PRIMARY KEY (run_id, step_path);
