CREATE SEQUENCE "public"."complaint_code_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "complaint_departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_orders" (
	"complaint_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"order_code" text NOT NULL,
	"outlet_id" uuid,
	CONSTRAINT "complaint_orders_complaint_id_order_id_pk" PRIMARY KEY("complaint_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "complaint_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"content" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by_name" text NOT NULL,
	"accepted" boolean,
	"reason" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "complaint_routes" (
	"type" text PRIMARY KEY NOT NULL,
	"target" text NOT NULL,
	"department_id" uuid
);
--> statement-breakpoint
CREATE TABLE "complaint_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"source" text NOT NULL,
	"regulator_kind" text,
	"customer_id" uuid NOT NULL,
	"unit_id" uuid,
	"contact_id" uuid,
	"flag_id" uuid,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"crisis_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"level" integer DEFAULT 1 NOT NULL,
	"summary" text NOT NULL,
	"compensation_demanded" boolean DEFAULT false NOT NULL,
	"media_exposure" boolean DEFAULT false NOT NULL,
	"urge_count" integer DEFAULT 0 NOT NULL,
	"department_id" uuid,
	"routed_unit_id" uuid,
	"route_why" jsonb,
	"routed_at" timestamp with time zone,
	"handler_id" uuid,
	"org_path" text NOT NULL,
	"calendar" text NOT NULL,
	"deadline_at" timestamp with time zone,
	"next_escalation_at" timestamp with time zone,
	"responsible" jsonb,
	"corrective_action" text,
	"penalty_fen" integer,
	"penalty_reason" text,
	"penalty_unit_id" uuid,
	"penalty_technician_id" uuid,
	"compensation" jsonb,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_by" uuid,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"close_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_orders" ADD CONSTRAINT "complaint_orders_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_orders" ADD CONSTRAINT "complaint_orders_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_replies" ADD CONSTRAINT "complaint_replies_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_routes" ADD CONSTRAINT "complaint_routes_department_id_complaint_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."complaint_departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_flag_id_complaint_flags_id_fk" FOREIGN KEY ("flag_id") REFERENCES "public"."complaint_flags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_department_id_complaint_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."complaint_departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_routed_unit_id_org_units_id_fk" FOREIGN KEY ("routed_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_handler_id_users_id_fk" FOREIGN KEY ("handler_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_departments_code_uq" ON "complaint_departments" USING btree ("code");--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_idx" ON "complaint_events" USING btree ("complaint_id","id");--> statement-breakpoint
CREATE INDEX "complaint_orders_order_idx" ON "complaint_orders" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "complaint_replies_complaint_idx" ON "complaint_replies" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_code_uq" ON "complaints" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_flag_uq" ON "complaints" USING btree ("flag_id");--> statement-breakpoint
CREATE INDEX "complaints_org_path_idx" ON "complaints" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "complaints_customer_idx" ON "complaints" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "complaints_escalation_idx" ON "complaints" USING btree ("next_escalation_at") WHERE "complaints"."next_escalation_at" is not null;--> statement-breakpoint
CREATE INDEX "complaints_opened_idx" ON "complaints" USING btree ("opened_at");--> statement-breakpoint
-- Hand-written backfill: on a system set up before complaints existed, the default complaint
-- departments (市场部 for discipline, 研发部 for product quality, 财务部 for fees, the maker for
-- engine and component faults) and the routing table by type. A new system gets them at set-up
-- (complaints/seed.ts), so a fresh database stays empty; the configuration needs no row.
INSERT INTO "complaint_departments" ("code", "kind", "name_zh", "name_en")
SELECT v.* FROM (VALUES
  ('market', 'internal', '市场部', 'Market department'),
  ('rnd', 'internal', '研发部', 'R&D'),
  ('finance', 'internal', '财务部', 'Finance department'),
  ('service', 'internal', '客户服务部', 'Customer service department'),
  ('maker', 'maker', '发动机/部件制造商', 'Engine and component maker')
) AS v("code", "kind", "name_zh", "name_en")
WHERE EXISTS (SELECT 1 FROM "org_units" WHERE "kind" = 'hq')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "complaint_routes" ("type", "target", "department_id")
SELECT v."type", v."target", d."id" FROM (VALUES
  ('attitude', 'department', 'market'),
  ('norms', 'department', 'market'),
  ('fees', 'department', 'finance'),
  ('timeliness', 'holder', NULL),
  ('quality', 'department', 'rnd'),
  ('component', 'department', 'maker'),
  ('other', 'department', 'service')
) AS v("type", "target", "code") LEFT JOIN "complaint_departments" d ON d."code" = v."code"
WHERE EXISTS (SELECT 1 FROM "org_units" WHERE "kind" = 'hq')
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Hand-written backfill: the new permissions complaints.read and complaints.handle (and
-- complaints.manage for the complaint handler) for the roles that get them by default
-- (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'complaints.read' FROM "roles" WHERE "code" IN ('admin', 'manager', 'auditor', 'hotline_agent', 'dispatcher', 'center_staff', 'outlet_manager', 'complaint_handler')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'complaints.handle' FROM "roles" WHERE "code" IN ('admin', 'manager', 'center_staff', 'complaint_handler')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'complaints.manage' FROM "roles" WHERE "code" IN ('admin', 'manager', 'complaint_handler')
ON CONFLICT DO NOTHING;
