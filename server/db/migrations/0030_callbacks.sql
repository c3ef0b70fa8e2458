CREATE SEQUENCE "public"."callback_code_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "callback_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "callback_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"order_id" uuid NOT NULL,
	"order_code" text NOT NULL,
	"kind" text NOT NULL,
	"seq" integer DEFAULT 1 NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"center_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"outlet_id" uuid,
	"outlet_path" text,
	"technician_id" uuid,
	"plan" jsonb NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"due_from" timestamp with time zone NOT NULL,
	"due_by" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"answer" jsonb,
	"outcomes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"answered_by_name" text,
	"cancel_reason" text,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "callback_events" ADD CONSTRAINT "callback_events_task_id_callback_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."callback_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "callback_tasks" ADD CONSTRAINT "callback_tasks_center_id_org_units_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "callback_events_task_idx" ON "callback_events" USING btree ("task_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_code_uq" ON "callback_tasks" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_order_kind_uq" ON "callback_tasks" USING btree ("order_id","kind");--> statement-breakpoint
CREATE INDEX "callback_tasks_org_path_idx" ON "callback_tasks" USING btree ("org_path" text_pattern_ops,"state","due_by");--> statement-breakpoint
CREATE INDEX "callback_tasks_outlet_path_idx" ON "callback_tasks" USING btree ("outlet_path" text_pattern_ops,"state") WHERE "callback_tasks"."outlet_path" is not null;--> statement-breakpoint
CREATE INDEX "callback_tasks_answered_idx" ON "callback_tasks" USING btree ("answered_at") WHERE "callback_tasks"."answered_at" is not null;--> statement-breakpoint
-- Hand-written backfill: the new permissions callbacks.read, callbacks.work and callbacks.manage
-- for the roles that get them by default (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'callbacks.read' FROM "roles" WHERE "code" IN ('admin', 'manager', 'auditor', 'hotline_agent', 'dispatcher', 'center_staff', 'outlet_manager')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'callbacks.work' FROM "roles" WHERE "code" IN ('admin', 'manager', 'hotline_agent', 'dispatcher', 'center_staff')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'callbacks.manage' FROM "roles" WHERE "code" IN ('admin', 'manager')
ON CONFLICT DO NOTHING;
