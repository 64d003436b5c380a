-- v2 adds an optional note. Nullable with no default, so v1 (which never names it) keeps working.
alter table orders add column note varchar(500);
