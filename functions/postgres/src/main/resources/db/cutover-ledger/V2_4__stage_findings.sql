-- The statistical judge's findings behind a stage's verdict (dev.cutover.core.port.model.JudgeFinding), as the JSON
-- array dev.cutover.core.port.model.JudgeFindingsJson writes; empty for threshold verdicts and older rows. Not part
-- of the stage's fact (deployment_stage_fact_idx): the verdict text already carries their lines.
ALTER TABLE deployment_stage
    ADD COLUMN findings jsonb NOT NULL DEFAULT '[]'::jsonb,
    ADD CONSTRAINT deployment_stage_findings_array CHECK (jsonb_typeof(findings) = 'array');
