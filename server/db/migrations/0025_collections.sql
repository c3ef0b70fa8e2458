CREATE TABLE "cash_handovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"technician_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_path" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"to_target" text NOT NULL,
	"day" date NOT NULL,
	"note" text,
	"received_by" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"corrects_id" uuid,
	"reason" text,
	CONSTRAINT "cash_handovers_amount_ck" CHECK (amount_fen <> 0 and (corrects_id is not null or amount_fen > 0))
);
--> statement-breakpoint
CREATE TABLE "collections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"receipt_no" text NOT NULL,
	"order_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"order_code" text NOT NULL,
	"customer_name" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"collected_by" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"unit_path" text NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"corrects_id" uuid,
	"reason" text,
	"sms_queued" boolean DEFAULT false NOT NULL,
	CONSTRAINT "collections_amount_ck" CHECK (amount_fen <> 0 and (corrects_id is not null or amount_fen > 0)),
	CONSTRAINT "collections_reference_ck" CHECK (method = 'cash' or reference is not null)
);
--> statement-breakpoint
CREATE TABLE "invoice_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"order_code" text NOT NULL,
	"customer_name" text NOT NULL,
	"title_kind" text NOT NULL,
	"title" text NOT NULL,
	"tax_id" text,
	"email" text,
	"phone" text,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"invoice_no" text,
	"issued_by" uuid,
	"issued_at" timestamp with time zone,
	CONSTRAINT "invoice_requests_tax_ck" CHECK (title_kind = 'personal' or tax_id is not null)
);
--> statement-breakpoint
CREATE TABLE "order_quotes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"state" text NOT NULL,
	"day" date NOT NULL,
	"lines" jsonb NOT NULL,
	"total_fen" integer NOT NULL,
	"callout_fen" integer NOT NULL,
	"callout_explanation" jsonb NOT NULL,
	"explanation" jsonb NOT NULL,
	"entitlement" jsonb NOT NULL,
	"exclusion" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"superseded_at" timestamp with time zone,
	"agreed_at" timestamp with time zone,
	"signature" text,
	"refused_at" timestamp with time zone,
	"refusal_reason" text,
	"decided_by" uuid,
	CONSTRAINT "order_quotes_total_ck" CHECK (total_fen >= 0 and callout_fen >= 0)
);
--> statement-breakpoint
ALTER TABLE "cash_handovers" ADD CONSTRAINT "cash_handovers_technician_id_users_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_handovers" ADD CONSTRAINT "cash_handovers_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cash_handovers" ADD CONSTRAINT "cash_handovers_received_by_users_id_fk" FOREIGN KEY ("received_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_collected_by_users_id_fk" FOREIGN KEY ("collected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collections" ADD CONSTRAINT "collections_unit_id_org_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_requests" ADD CONSTRAINT "invoice_requests_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_requests" ADD CONSTRAINT "invoice_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_requests" ADD CONSTRAINT "invoice_requests_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_quotes" ADD CONSTRAINT "order_quotes_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_quotes" ADD CONSTRAINT "order_quotes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_quotes" ADD CONSTRAINT "order_quotes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cash_handovers_technician_day_idx" ON "cash_handovers" USING btree ("technician_id","day");--> statement-breakpoint
CREATE INDEX "cash_handovers_unit_path_idx" ON "cash_handovers" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "collections_receipt_uq" ON "collections" USING btree ("receipt_no");--> statement-breakpoint
CREATE INDEX "collections_order_idx" ON "collections" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "collections_collector_day_idx" ON "collections" USING btree ("collected_by","day");--> statement-breakpoint
CREATE INDEX "collections_unit_path_idx" ON "collections" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_requests_order_uq" ON "invoice_requests" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "invoice_requests_org_path_idx" ON "invoice_requests" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "order_quotes_order_idx" ON "order_quotes" USING btree ("order_id","created_at");--> statement-breakpoint
-- Hand-written backfill: the new permissions money.collect and money.reconcile for the roles that
-- get them by default (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'money.collect' FROM "roles" WHERE "code" IN ('admin', 'manager', 'finance', 'outlet_manager', 'technician')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'money.reconcile' FROM "roles" WHERE "code" IN ('admin', 'manager', 'finance', 'outlet_manager')
ON CONFLICT DO NOTHING;
