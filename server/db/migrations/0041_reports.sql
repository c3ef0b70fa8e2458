CREATE TABLE "report_dirty_orders" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_mailings" (
	"month" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_order_facts" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"org_path" text NOT NULL,
	"province_code" text,
	"center_id" uuid,
	"outlet_id" uuid,
	"technician_id" uuid,
	"product_line_id" uuid,
	"model_id" uuid,
	"service_type" text NOT NULL,
	"state" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"received_day" date NOT NULL,
	"dispatched_at" timestamp with time zone,
	"dispatched_day" date,
	"on_site_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"completed_day" date,
	"ended_day" date,
	"resolved_minutes" integer,
	"excused" boolean DEFAULT false NOT NULL,
	"hq_parts" boolean DEFAULT false NOT NULL,
	"fault_code" text,
	"cause" text,
	"unit_id" uuid,
	"purchase_day" date,
	"parts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reopened" boolean DEFAULT false NOT NULL,
	"hq_dispatch_minutes" integer,
	"hq_dispatch_late" boolean DEFAULT false NOT NULL,
	"center_dispatch_minutes" integer,
	"center_dispatch_late" boolean DEFAULT false NOT NULL,
	"contact_minutes" integer,
	"contact_late" boolean DEFAULT false NOT NULL,
	"on_site_minutes" integer,
	"on_site_late" boolean DEFAULT false NOT NULL,
	"fix_minutes" integer,
	"fix_late" boolean DEFAULT false NOT NULL,
	"repeat_of_id" uuid,
	"urge_count" integer DEFAULT 0 NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "attachments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "report_facts_completed_idx" ON "report_order_facts" USING btree ("completed_day","province_code") WHERE "report_order_facts"."completed_day" is not null;--> statement-breakpoint
CREATE INDEX "report_facts_received_idx" ON "report_order_facts" USING btree ("received_day");--> statement-breakpoint
CREATE INDEX "report_facts_received_at_idx" ON "report_order_facts" USING btree ("received_at","order_id");--> statement-breakpoint
CREATE INDEX "report_facts_path_idx" ON "report_order_facts" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "report_facts_dispatched_idx" ON "report_order_facts" USING btree ("dispatched_day") WHERE "report_order_facts"."dispatched_day" is not null;--> statement-breakpoint
CREATE INDEX "report_facts_ended_idx" ON "report_order_facts" USING btree ("ended_day","received_day");--> statement-breakpoint
CREATE INDEX "report_facts_open_idx" ON "report_order_facts" USING btree (coalesce("ended_day", 'infinity'::date),"received_day") WHERE "report_order_facts"."state" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "report_facts_unit_idx" ON "report_order_facts" USING btree ("unit_id","received_at") WHERE "report_order_facts"."unit_id" is not null;--> statement-breakpoint
-- Hand-written: change capture for the reports' read model (docs/reports.md). Every transaction
-- that writes an order, one of its SLA milestones' figures, or the parts-wait attribution of one of
-- its requests adds the order to report_dirty_orders; the facts are recomputed before the next read.
CREATE FUNCTION "report_mark_order_dirty"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "report_dirty_orders" ("order_id") VALUES (OLD."id") ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO "report_dirty_orders" ("order_id") VALUES (NEW."id") ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "report_mark_related_dirty"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."order_id" IS NOT NULL THEN
    INSERT INTO "report_dirty_orders" ("order_id") VALUES (NEW."order_id") ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "work_orders_report_dirty" AFTER INSERT OR DELETE OR UPDATE OF "code", "org_path", "province_code",
  "center_id", "outlet_id", "technician_id", "product_line_id", "model_id", "service_type", "state", "reported_at",
  "completed_at", "closed_at", "completion", "repeat_of_id", "reopened_as_id", "unit_id", "urge_count"
  ON "work_orders" FOR EACH ROW EXECUTE FUNCTION "report_mark_order_dirty"();--> statement-breakpoint
CREATE TRIGGER "sla_milestones_report_dirty" AFTER INSERT OR UPDATE OF "state", "met_at", "limit_minutes",
  "remaining_minutes", "excused"
  ON "sla_milestones" FOR EACH ROW EXECUTE FUNCTION "report_mark_related_dirty"();--> statement-breakpoint
CREATE TRIGGER "part_requests_report_dirty" AFTER INSERT OR UPDATE OF "wait_attribution", "order_id"
  ON "part_requests" FOR EACH ROW EXECUTE FUNCTION "report_mark_related_dirty"();--> statement-breakpoint
-- Hand-written: the orders already there are read into the model by the first drain.
INSERT INTO "report_dirty_orders" ("order_id") SELECT "id" FROM "work_orders" ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Hand-written backfill: outlet managers read their own outlet's reports (shared/permissions.ts).
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'reports.read' FROM "roles" WHERE "code" IN ('outlet_manager')
ON CONFLICT DO NOTHING;
