-- The lease's fence (dev.cutover.core.port.model.LockLease.Phase): HELD while the deployment may move forward;
-- PROMOTING or ROLLING_BACK once Finalize or a rollback has decided how it ends. Numbered 2.1 so that it sorts after
-- any V2 of the same release.
ALTER TABLE deployment_lock
    ADD COLUMN phase text NOT NULL DEFAULT 'HELD'
        CONSTRAINT deployment_lock_phase_known CHECK (phase IN ('HELD', 'PROMOTING', 'ROLLING_BACK'));
