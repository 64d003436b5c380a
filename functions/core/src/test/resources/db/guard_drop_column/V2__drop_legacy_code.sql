-- legacy_code is no longer written by green

ALTER TABLE items
    DROP COLUMN legacy_code;
