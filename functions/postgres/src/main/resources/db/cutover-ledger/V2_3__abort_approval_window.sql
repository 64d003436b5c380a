-- ABORTED: a deployment a person stopped (cutover abort); final, like the other ends.
ALTER TABLE deployment DROP CONSTRAINT deployment_status_known;
ALTER TABLE deployment
    ADD CONSTRAINT deployment_status_known
        CHECK (status IN ('IN_PROGRESS', 'PROMOTED', 'ROLLED_BACK', 'FAILED', 'ABORTED'));

-- The approval gate a deployment waits at (dev.cutover.core.port.model.PendingApproval): all five or none, and only
-- while it is in progress.
ALTER TABLE deployment
    ADD COLUMN approval_task_token   text,
    ADD COLUMN approval_stage_index  integer CHECK (approval_stage_index >= 0),
    ADD COLUMN approval_percent      integer CHECK (approval_percent BETWEEN 0 AND 100),
    ADD COLUMN approval_requested_at timestamptz,
    ADD COLUMN approval_expires_at   timestamptz,
    ADD CONSTRAINT deployment_approval_whole CHECK (
        num_nulls(approval_task_token, approval_stage_index, approval_percent, approval_requested_at,
                  approval_expires_at) IN (0, 5)),
    ADD CONSTRAINT deployment_approval_in_progress CHECK (approval_task_token IS NULL OR status = 'IN_PROGRESS');

-- The rollback window after a promotion (dev.cutover.core.port.model.RollbackWindow): its end, and when it closed.
ALTER TABLE deployment
    ADD COLUMN window_ends_at   timestamptz,
    ADD COLUMN window_closed_at timestamptz,
    ADD CONSTRAINT deployment_window_closed_after_open CHECK (window_closed_at IS NULL OR window_ends_at IS NOT NULL);
