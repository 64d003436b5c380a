-- A destructive change shipped as an expand migration: v1 (still live on blue) reads this column.
-- BeforeInstall's expand guard must refuse it before anything runs.
alter table orders drop column quantity;
