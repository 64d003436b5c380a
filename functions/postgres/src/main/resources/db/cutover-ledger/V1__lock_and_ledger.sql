-- Cutover's deployment lock and ledger on PostgreSQL (dev.cutover.core.deploy.jdbc). Flyway runs this with the
-- target schema as the search path, so names are unqualified here. Times are written by the application from its
-- injected clock, never by now(): the lock must compare leases on the same time line the lease was written on.

-- One row per locked service. A lease is valid strictly before expires_at; an expired row is taken over in place.
CREATE TABLE deployment_lock (
    service     text        PRIMARY KEY,
    holder      text        NOT NULL,
    acquired_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    CONSTRAINT deployment_lock_lease_order CHECK (expires_at >= acquired_at)
);

CREATE TABLE deployment (
    id             text        PRIMARY KEY,
    -- insertion order, to list deployments that started at the same instant in the order they were recorded
    seq            bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    service        text        NOT NULL,
    spec_version   text        NOT NULL,
    status         text        NOT NULL,
    started_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    finished_at    timestamptz,
    outcome_reason text,
    CONSTRAINT deployment_status_known CHECK (status IN ('IN_PROGRESS', 'PROMOTED', 'ROLLED_BACK', 'FAILED')),
    CONSTRAINT deployment_finished_iff_final CHECK ((status = 'IN_PROGRESS') = (finished_at IS NULL))
);

CREATE INDEX deployment_service_started_idx ON deployment (service, started_at);

CREATE TABLE deployment_stage (
    -- the order entries were recorded in, which is the order the ledger reports them
    seq           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deployment_id text        NOT NULL REFERENCES deployment (id),
    idx           integer     NOT NULL CHECK (idx >= 0),
    percent       integer     NOT NULL CHECK (percent BETWEEN 0 AND 100),
    blue          integer     NOT NULL CHECK (blue BETWEEN 0 AND 100),
    green         integer     NOT NULL CHECK (green BETWEEN 0 AND 100),
    verdict       text        NOT NULL,
    at            timestamptz NOT NULL,
    CONSTRAINT deployment_stage_weights_sum CHECK (blue + green = 100)
);

-- One entry per fact (StageEntry.sameFactAs: everything but the time), so a retried task's repeat is a no-op.
-- The verdict enters as its md5 because a btree entry is limited to about a third of a page and verdicts are prose.
CREATE UNIQUE INDEX deployment_stage_fact_idx
    ON deployment_stage (deployment_id, idx, percent, blue, green, md5(verdict));

-- The service's most recently started deployment while it is in progress; finish deletes it in the same
-- transaction that ends the deployment.
CREATE TABLE deployment_in_flight (
    service       text PRIMARY KEY,
    deployment_id text NOT NULL REFERENCES deployment (id)
);
