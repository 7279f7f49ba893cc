-- The sample's tables, for H2 and PostgreSQL alike; run at every start (spring.sql.init.mode=always), so each
-- statement leaves existing tables and their rows alone. Names are quoted in lower case, as Spring Data JDBC quotes
-- them, so that H2 (which folds unquoted names to upper case) and PostgreSQL (lower case) both match.
CREATE TABLE IF NOT EXISTS "orders" (
	"order_id" VARCHAR(64) NOT NULL PRIMARY KEY,
	"customer_id" VARCHAR(64) NOT NULL,
	"amount" NUMERIC(9, 2) NOT NULL,
	"status" VARCHAR(16) NOT NULL
);

CREATE TABLE IF NOT EXISTS "order_items" (
	"order_id" VARCHAR(64) NOT NULL REFERENCES "orders" ("order_id"),
	"line_no" INTEGER NOT NULL,
	"sku" VARCHAR(64) NOT NULL,
	"quantity" INTEGER NOT NULL,
	"price" NUMERIC(9, 2) NOT NULL,
	PRIMARY KEY ("order_id", "line_no")
);
