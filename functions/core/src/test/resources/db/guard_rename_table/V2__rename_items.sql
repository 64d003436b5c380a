ALTER TABLE items RENAME TO products;
