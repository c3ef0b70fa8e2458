CREATE TABLE "part_quota_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"outlet_id" uuid NOT NULL,
	"technician_id" uuid,
	"kind" text NOT NULL,
	"day" text NOT NULL,
	"quantity" integer NOT NULL,
	"value_fen" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_quotas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_unit_id" uuid,
	"user_id" uuid,
	"org_path" text NOT NULL,
	"period_kind" text NOT NULL,
	"value_fen" integer,
	"quantity" integer,
	"effective_from" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "part_quotas_one_holder" CHECK ((org_unit_id is null) <> (user_id is null)),
	CONSTRAINT "part_quotas_value_nonneg" CHECK (value_fen is null or value_fen >= 0),
	CONSTRAINT "part_quotas_quantity_nonneg" CHECK (quantity is null or quantity >= 0)
);
--> statement-breakpoint
CREATE TABLE "part_request_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"part_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_cost_fen" integer NOT NULL,
	"from_depot_id" uuid,
	"received_qty" integer DEFAULT 0 NOT NULL,
	"returned_qty" integer DEFAULT 0 NOT NULL,
	"outcome" text,
	CONSTRAINT "part_request_lines_quantity" CHECK (quantity > 0 and received_qty >= 0 and returned_qty >= 0)
);
--> statement-breakpoint
CREATE TABLE "part_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"order_id" uuid NOT NULL,
	"order_code" text NOT NULL,
	"requester_id" uuid,
	"technician_id" uuid,
	"outlet_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"urgency" text DEFAULT 'normal' NOT NULL,
	"status" text NOT NULL,
	"approval_level" text NOT NULL,
	"judgement" jsonb NOT NULL,
	"plan" jsonb,
	"note" text,
	"total_fen" integer NOT NULL,
	"unavailable_at_hq" boolean DEFAULT false NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"rejected_reason" text,
	"received_at" timestamp with time zone,
	"wait_attribution" jsonb,
	"wait_party" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_shipment_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shipment_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"qty_shipped" integer NOT NULL,
	"serials" text[] DEFAULT '{}'::text[] NOT NULL,
	"qty_received" integer,
	"received_serials" text[],
	"outcome" text
);
--> statement-breakpoint
CREATE TABLE "part_shipments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"request_id" uuid NOT NULL,
	"from_depot_id" uuid NOT NULL,
	"to_depot_id" uuid NOT NULL,
	"from_level" text NOT NULL,
	"org_path" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_no" text NOT NULL,
	"shipped_at" timestamp with time zone NOT NULL,
	"shipped_by" uuid,
	"promised_days" integer NOT NULL,
	"expected_day" text NOT NULL,
	"received_at" timestamp with time zone,
	"received_by" uuid,
	"lateness_days" integer,
	"attributed_party" text,
	"wrong" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "part_quota_movements" ADD CONSTRAINT "part_quota_movements_request_id_part_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."part_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_quotas" ADD CONSTRAINT "part_quotas_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_quotas" ADD CONSTRAINT "part_quotas_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_request_lines" ADD CONSTRAINT "part_request_lines_request_id_part_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."part_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_request_lines" ADD CONSTRAINT "part_request_lines_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_request_lines" ADD CONSTRAINT "part_request_lines_from_depot_id_depots_id_fk" FOREIGN KEY ("from_depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_requests" ADD CONSTRAINT "part_requests_outlet_id_org_units_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_shipment_lines" ADD CONSTRAINT "part_shipment_lines_shipment_id_part_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."part_shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_shipment_lines" ADD CONSTRAINT "part_shipment_lines_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_shipments" ADD CONSTRAINT "part_shipments_request_id_part_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."part_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_shipments" ADD CONSTRAINT "part_shipments_from_depot_id_depots_id_fk" FOREIGN KEY ("from_depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_shipments" ADD CONSTRAINT "part_shipments_to_depot_id_depots_id_fk" FOREIGN KEY ("to_depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "part_quota_movements_outlet_idx" ON "part_quota_movements" USING btree ("outlet_id","day");--> statement-breakpoint
CREATE INDEX "part_quota_movements_tech_idx" ON "part_quota_movements" USING btree ("technician_id","day");--> statement-breakpoint
CREATE INDEX "part_quotas_unit_idx" ON "part_quotas" USING btree ("org_unit_id","effective_from");--> statement-breakpoint
CREATE INDEX "part_quotas_user_idx" ON "part_quotas" USING btree ("user_id","effective_from");--> statement-breakpoint
CREATE INDEX "part_request_lines_request_idx" ON "part_request_lines" USING btree ("request_id","n");--> statement-breakpoint
CREATE UNIQUE INDEX "part_requests_code_uq" ON "part_requests" USING btree ("code");--> statement-breakpoint
CREATE INDEX "part_requests_order_idx" ON "part_requests" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "part_requests_board_idx" ON "part_requests" USING btree ("org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "part_shipment_lines_shipment_idx" ON "part_shipment_lines" USING btree ("shipment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "part_shipments_code_uq" ON "part_shipments" USING btree ("code");--> statement-breakpoint
CREATE INDEX "part_shipments_request_idx" ON "part_shipments" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "part_shipments_org_path_idx" ON "part_shipments" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
-- Hand-written backfill: the new permissions parts.request and parts.approve for the roles that get
-- them by default (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'parts.request' FROM "roles" WHERE "code" IN ('admin', 'manager', 'outlet_manager', 'technician')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'parts.approve' FROM "roles" WHERE "code" IN ('admin', 'manager', 'center_staff')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'parts.approve_hq' FROM "roles" WHERE "code" IN ('admin', 'manager')
ON CONFLICT DO NOTHING;
