CREATE TABLE "care_offer_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"offer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"response" text,
	"note" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"warranty_ends_on" date NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"note" text,
	"reminded_at" timestamp with time zone,
	"responded_at" timestamp with time zone,
	"responded_by" uuid,
	"responded_by_name" text,
	"contract_id" uuid,
	"contract_code" text,
	"org_path" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_plans" (
	"unit_id" uuid PRIMARY KEY NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"interval_days" integer,
	"interval_months" integer,
	"next_on" date,
	"note" text,
	"set_on" date NOT NULL,
	"set_by" uuid,
	"set_by_name" text NOT NULL,
	"org_path" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_reminders" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"customer_id" uuid NOT NULL,
	"outbox_id" uuid,
	"skipped" text,
	"org_path" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_sweeps" (
	"name" text PRIMARY KEY NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "care_offer_events" ADD CONSTRAINT "care_offer_events_offer_id_care_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."care_offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_offers" ADD CONSTRAINT "care_offers_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_plans" ADD CONSTRAINT "care_plans_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_reminders" ADD CONSTRAINT "care_reminders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_offer_events_offer_idx" ON "care_offer_events" USING btree ("offer_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "care_offers_unit_end_uq" ON "care_offers" USING btree ("unit_id","warranty_ends_on");--> statement-breakpoint
CREATE INDEX "care_offers_org_path_idx" ON "care_offers" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "care_plans_org_path_idx" ON "care_plans" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "care_reminders_kind_unit_due_uq" ON "care_reminders" USING btree ("kind","unit_id","due_on");--> statement-breakpoint
CREATE INDEX "care_reminders_unit_idx" ON "care_reminders" USING btree ("unit_id");--> statement-breakpoint
-- Hand-written:
-- Hand-written backfill: the new permissions care.read and care.manage for the roles that get them
-- by default (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'care.read' FROM "roles" WHERE "code" IN ('admin', 'manager', 'auditor', 'hotline_agent', 'dispatcher', 'center_staff', 'outlet_manager')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'care.manage' FROM "roles" WHERE "code" IN ('admin', 'manager', 'hotline_agent', 'dispatcher', 'center_staff')
ON CONFLICT DO NOTHING;
