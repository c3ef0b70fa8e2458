CREATE TABLE "part_return_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"outlet_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"carrier" text NOT NULL,
	"tracking_no" text NOT NULL,
	"note" text,
	"status" text DEFAULT 'shipped' NOT NULL,
	"shipped_by" uuid,
	"shipped_at" timestamp with time zone NOT NULL,
	"received_by" uuid,
	"received_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_return_counters" (
	"day" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_return_obligations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"order_code" text NOT NULL,
	"part_id" uuid NOT NULL,
	"part_code" text NOT NULL,
	"part_name" text NOT NULL,
	"serial" text,
	"quantity" integer NOT NULL,
	"paid_by" text NOT NULL,
	"technician_user_id" uuid,
	"outlet_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"warranty_amount_fen" bigint,
	"due_day" date NOT NULL,
	"status" text DEFAULT 'due' NOT NULL,
	"batch_id" uuid,
	"shipped_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"outcome" text,
	"appraisal_note" text,
	"withheld_fen" bigint DEFAULT 0 NOT NULL,
	"appraised_by" uuid,
	"appraised_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "part_return_obligations" ADD CONSTRAINT "part_return_obligations_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_return_obligations" ADD CONSTRAINT "part_return_obligations_batch_id_part_return_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."part_return_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "part_return_batches_code_uq" ON "part_return_batches" USING btree ("code");--> statement-breakpoint
CREATE INDEX "part_return_batches_org_path_idx" ON "part_return_batches" USING btree ("org_path" text_pattern_ops,"shipped_at");--> statement-breakpoint
CREATE INDEX "part_return_obligations_org_path_idx" ON "part_return_obligations" USING btree ("org_path" text_pattern_ops,"status","due_day");--> statement-breakpoint
CREATE INDEX "part_return_obligations_order_idx" ON "part_return_obligations" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "part_return_obligations_batch_idx" ON "part_return_obligations" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "part_return_obligations_technician_idx" ON "part_return_obligations" USING btree ("technician_user_id","status");--> statement-breakpoint
-- Hand-written backfill: the new permissions returns.ship and returns.appraise for the roles that get
-- them by default (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'returns.ship' FROM "roles" WHERE "code" IN ('admin', 'manager', 'outlet_manager')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'returns.appraise' FROM "roles" WHERE "code" IN ('admin', 'manager', 'center_staff')
ON CONFLICT DO NOTHING;
