CREATE TABLE "work_order_counters" (
	"head" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
