-- widen
SELECT 1;

ALTER TABLE items ALTER COLUMN name TYPE varchar(500);
