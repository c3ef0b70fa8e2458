CREATE TABLE "settlement_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"statement_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"order_id" uuid,
	"order_code" text,
	"amount_fen" bigint NOT NULL,
	"explanation" jsonb NOT NULL,
	"ref" jsonb,
	"corrects_line_id" uuid,
	"dispute_state" text,
	"dispute_reason" text,
	"disputed_at" timestamp with time zone,
	"disputed_by" uuid,
	"disputed_by_name" text,
	"resolution" text,
	"corrected_amount_fen" bigint,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_by_name" text
);
--> statement-breakpoint
CREATE TABLE "settlement_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"month" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"total_fen" bigint DEFAULT 0 NOT NULL,
	"line_count" integer DEFAULT 0 NOT NULL,
	"order_count" integer DEFAULT 0 NOT NULL,
	"disputed_count" integer DEFAULT 0 NOT NULL,
	"drafted_at" timestamp with time zone NOT NULL,
	"drafted_by" uuid,
	"sent_at" timestamp with time zone,
	"sent_by" uuid,
	"respond_by" date,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"locked_at" timestamp with time zone,
	"locked_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "settlement_statements_month_ck" CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "statement_adjustments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"month" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"source_statement_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	CONSTRAINT "statement_adjustments_amount_ck" CHECK (amount_fen <> 0)
);
--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_statement_id_settlement_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."settlement_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_disputed_by_users_id_fk" FOREIGN KEY ("disputed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_drafted_by_users_id_fk" FOREIGN KEY ("drafted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_sent_by_users_id_fk" FOREIGN KEY ("sent_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_statements" ADD CONSTRAINT "settlement_statements_locked_by_users_id_fk" FOREIGN KEY ("locked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_source_statement_id_settlement_statements_id_fk" FOREIGN KEY ("source_statement_id") REFERENCES "public"."settlement_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD CONSTRAINT "statement_adjustments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_lines_statement_seq_uq" ON "settlement_lines" USING btree ("statement_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_statements_unit_month_uq" ON "settlement_statements" USING btree ("unit_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_statements_code_uq" ON "settlement_statements" USING btree ("code");--> statement-breakpoint
CREATE INDEX "settlement_statements_month_path_idx" ON "settlement_statements" USING btree ("month","org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "settlement_statements_path_idx" ON "settlement_statements" USING btree ("org_path" text_pattern_ops,"month");--> statement-breakpoint
CREATE INDEX "statement_adjustments_unit_month_idx" ON "statement_adjustments" USING btree ("unit_id","month");--> statement-breakpoint
CREATE INDEX "work_orders_outlet_completed_idx" ON "work_orders" USING btree ("outlet_id","completed_at") WHERE "work_orders"."completed_at" is not null;--> statement-breakpoint
CREATE INDEX "work_orders_center_completed_idx" ON "work_orders" USING btree ("center_id","completed_at") WHERE "work_orders"."completed_at" is not null;--> statement-breakpoint
-- Hand-written backfill: the new permissions settlement.read / .respond / .manage for the roles that
-- get them by default (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'settlement.read' FROM "roles" WHERE "code" IN ('admin', 'manager', 'finance', 'center_staff', 'outlet_manager', 'auditor')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'settlement.respond' FROM "roles" WHERE "code" IN ('admin', 'outlet_manager')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'settlement.manage' FROM "roles" WHERE "code" IN ('admin', 'manager', 'finance', 'center_staff')
ON CONFLICT DO NOTHING;
