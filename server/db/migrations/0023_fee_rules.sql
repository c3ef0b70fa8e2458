CREATE TABLE "fee_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"schedule" text NOT NULL,
	"item" text NOT NULL,
	"service_type" text,
	"product_line_id" text,
	"model_class" text,
	"repair_kind" text,
	"zone" text,
	"min_distance_m" integer,
	"max_distance_m" integer,
	"amount_fen" integer NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	CONSTRAINT "fee_rules_amount_ck" CHECK (amount_fen >= 0),
	CONSTRAINT "fee_rules_days_ck" CHECK (effective_to is null or effective_to >= effective_from),
	CONSTRAINT "fee_rules_band_ck" CHECK (min_distance_m is null or max_distance_m is null or max_distance_m > min_distance_m)
);
--> statement-breakpoint
ALTER TABLE "fee_rules" ADD CONSTRAINT "fee_rules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_rules" ADD CONSTRAINT "fee_rules_ended_by_users_id_fk" FOREIGN KEY ("ended_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fee_rules_item_day_idx" ON "fee_rules" USING btree ("schedule","item","effective_from");--> statement-breakpoint
-- Hand-written backfill: the new permission money.fees for the roles that get it by default
-- (shared/permissions.ts) on systems set up before it existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'money.fees' FROM "roles" WHERE "code" IN ('admin', 'manager', 'finance')
ON CONFLICT DO NOTHING;
