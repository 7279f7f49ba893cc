-- The products the sample's warehouse stocks, added where missing at every start (spring.sql.init.mode=always), so
-- that the stock left after earlier fulfilments is kept. scripts/run-sample.sh and docs/sample.md order MUG-001.
INSERT INTO "stock" ("sku", "available")
	SELECT 'MUG-001', 10000 WHERE NOT EXISTS (SELECT 1 FROM "stock" WHERE "sku" = 'MUG-001');
INSERT INTO "stock" ("sku", "available")
	SELECT 'TEE-001', 10000 WHERE NOT EXISTS (SELECT 1 FROM "stock" WHERE "sku" = 'TEE-001');
