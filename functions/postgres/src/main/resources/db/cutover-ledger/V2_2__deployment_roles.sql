-- The target group roles resolved when a deployment started (dev.cutover.core.port.model.TargetGroupRoles): the
-- alarm path rolls back to this blue. Both are null only in rows written before roles were recorded.
ALTER TABLE deployment
    ADD COLUMN blue_target_group  text,
    ADD COLUMN green_target_group text,
    ADD CONSTRAINT deployment_roles_both_or_neither
        CHECK ((blue_target_group IS NULL) = (green_target_group IS NULL)),
    ADD CONSTRAINT deployment_roles_two_groups CHECK (blue_target_group <> green_target_group);
