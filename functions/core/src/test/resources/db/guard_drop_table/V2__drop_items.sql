CREATE TABLE items_archive (id bigint);
DROP TABLE items;
