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

-- Order fulfilment (io.mmate.sample.order.fulfilment): the stock of each product, the stock held for a fulfilment, its
-- payment and its shipment. A reservation and a payment are keyed by the workflow instance, so that a stage that runs
-- twice for an instance finds its own work done.
CREATE TABLE IF NOT EXISTS "stock" (
	"sku" VARCHAR(64) NOT NULL PRIMARY KEY,
	"available" INTEGER NOT NULL CHECK ("available" >= 0)
);

CREATE TABLE IF NOT EXISTS "stock_reservations" (
	"reservation_id" VARCHAR(64) NOT NULL,
	"sku" VARCHAR(64) NOT NULL REFERENCES "stock" ("sku"),
	"quantity" INTEGER NOT NULL,
	"status" VARCHAR(16) NOT NULL,
	PRIMARY KEY ("reservation_id", "sku")
);

CREATE TABLE IF NOT EXISTS "payments" (
	"payment_id" VARCHAR(64) NOT NULL PRIMARY KEY,
	"order_id" VARCHAR(64) NOT NULL REFERENCES "orders" ("order_id"),
	"amount" NUMERIC(9, 2) NOT NULL,
	"status" VARCHAR(16) NOT NULL
);

CREATE TABLE IF NOT EXISTS "shipments" (
	"order_id" VARCHAR(64) NOT NULL PRIMARY KEY REFERENCES "orders" ("order_id"),
	"reservation_id" VARCHAR(64) NOT NULL
);
