CREATE SEQUENCE "public"."recall_code_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "recall_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" jsonb NOT NULL,
	"reason" text NOT NULL,
	"model_ids" jsonb NOT NULL,
	"serial_from" text,
	"serial_to" text,
	"serial_prefix" text,
	"purchased_from" date,
	"purchased_to" date,
	"state" text DEFAULT 'draft' NOT NULL,
	"effective_from" date NOT NULL,
	"effective_until" date,
	"org_path" text NOT NULL,
	"activated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recall_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"recall_unit_id" uuid,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recall_units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"serial_no" text NOT NULL,
	"province_code" text,
	"org_path" text NOT NULL,
	"area_outlet_id" uuid,
	"state" text DEFAULT 'affected' NOT NULL,
	"added_by" text NOT NULL,
	"order_id" uuid,
	"order_code" text,
	"reason" text,
	"reached_at" timestamp with time zone,
	"booked_at" timestamp with time zone,
	"done_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recall_events" ADD CONSTRAINT "recall_events_campaign_id_recall_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."recall_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_units" ADD CONSTRAINT "recall_units_campaign_id_recall_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."recall_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_units" ADD CONSTRAINT "recall_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_units" ADD CONSTRAINT "recall_units_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recall_units" ADD CONSTRAINT "recall_units_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "recall_campaigns_code_uq" ON "recall_campaigns" USING btree ("code");--> statement-breakpoint
CREATE INDEX "recall_campaigns_state_idx" ON "recall_campaigns" USING btree ("state");--> statement-breakpoint
CREATE INDEX "recall_events_campaign_idx" ON "recall_events" USING btree ("campaign_id","id");--> statement-breakpoint
CREATE INDEX "recall_events_unit_idx" ON "recall_events" USING btree ("recall_unit_id") WHERE "recall_events"."recall_unit_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "recall_units_campaign_unit_uq" ON "recall_units" USING btree ("campaign_id","unit_id");--> statement-breakpoint
CREATE INDEX "recall_units_campaign_state_idx" ON "recall_units" USING btree ("campaign_id","state");--> statement-breakpoint
CREATE INDEX "recall_units_org_path_idx" ON "recall_units" USING btree ("org_path" text_pattern_ops,"campaign_id");--> statement-breakpoint
CREATE INDEX "recall_units_order_idx" ON "recall_units" USING btree ("order_id") WHERE "recall_units"."order_id" is not null;--> statement-breakpoint
-- Hand-written: backfill of the new permissions recalls.read, recalls.work and recalls.manage
-- for the roles that get them by default (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'recalls.read' FROM "roles" WHERE "code" IN ('admin', 'manager', 'auditor', 'hotline_agent', 'dispatcher', 'center_staff', 'outlet_manager')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'recalls.work' FROM "roles" WHERE "code" IN ('admin', 'manager', 'hotline_agent', 'dispatcher', 'center_staff')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'recalls.manage' FROM "roles" WHERE "code" IN ('admin', 'manager')
ON CONFLICT DO NOTHING;
