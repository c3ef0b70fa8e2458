CREATE TABLE "complaint_flags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"org_path" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repair_register" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"order_code" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"model_id" uuid,
	"serial_no" text,
	"fault_report" text NOT NULL,
	"reason" text,
	"reported_by" uuid,
	"reported_by_name" text NOT NULL,
	"org_path" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "technician_certifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"product_line_id" uuid NOT NULL,
	"valid_until" date NOT NULL,
	"certificate_no" text,
	"org_path" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text NOT NULL,
	"approved_by" uuid,
	"approved_by_name" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "work_order_idempotency" (
	"actor_key" text NOT NULL,
	"key" text NOT NULL,
	"order_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"qty" integer NOT NULL,
	"old_serial" text,
	"new_serial" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_order_urges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"contact_id" uuid,
	"holder_unit_id" uuid NOT NULL,
	"holder_path" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"service_request_id" uuid,
	"contact_id" uuid,
	"customer_id" uuid NOT NULL,
	"unit_id" uuid,
	"model_id" uuid,
	"product_line_id" uuid,
	"serial_no" text,
	"address_id" uuid,
	"service_type" text NOT NULL,
	"priority" integer DEFAULT 2 NOT NULL,
	"fault_description" text NOT NULL,
	"photo_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'created' NOT NULL,
	"holder_unit_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"center_id" uuid,
	"outlet_id" uuid,
	"technician_id" uuid,
	"part_time" boolean DEFAULT false NOT NULL,
	"customer_kind" text NOT NULL,
	"zone" text,
	"province_code" text,
	"city_code" text,
	"district_code" text,
	"reported_at" timestamp with time zone NOT NULL,
	"booked_from" timestamp with time zone,
	"booked_to" timestamp with time zone,
	"booked_confirmed" boolean DEFAULT false NOT NULL,
	"booked_note" text,
	"wait_reason" text,
	"wait_note" text,
	"custody" jsonb,
	"custody_label" text,
	"completion" jsonb,
	"cancel_reason" text,
	"urge_count" integer DEFAULT 0 NOT NULL,
	"last_urged_at" timestamp with time zone,
	"repeat_of_id" uuid,
	"reopened_as_id" uuid,
	"completed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_flags" ADD CONSTRAINT "complaint_flags_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repair_register" ADD CONSTRAINT "repair_register_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_approvals" ADD CONSTRAINT "work_order_approvals_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_history" ADD CONSTRAINT "work_order_history_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_parts" ADD CONSTRAINT "work_order_parts_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_photos" ADD CONSTRAINT "work_order_photos_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_order_urges" ADD CONSTRAINT "work_order_urges_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_model_id_product_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."product_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_address_id_customer_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."customer_addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_flags_order_reason_uq" ON "complaint_flags" USING btree ("order_id","reason");--> statement-breakpoint
CREATE INDEX "complaint_flags_org_path_idx" ON "complaint_flags" USING btree ("org_path" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "repair_register_order_idx" ON "repair_register" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "repair_register_org_path_idx" ON "repair_register" USING btree ("org_path" text_pattern_ops,"at");--> statement-breakpoint
CREATE INDEX "repair_register_serial_idx" ON "repair_register" USING btree ("serial_no" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "technician_certifications_user_line_uq" ON "technician_certifications" USING btree ("user_id","product_line_id");--> statement-breakpoint
CREATE INDEX "technician_certifications_line_idx" ON "technician_certifications" USING btree ("product_line_id","valid_until");--> statement-breakpoint
CREATE INDEX "technician_certifications_org_path_idx" ON "technician_certifications" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "work_order_approvals_order_idx" ON "work_order_approvals" USING btree ("order_id","kind");--> statement-breakpoint
CREATE INDEX "work_order_history_order_idx" ON "work_order_history" USING btree ("order_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_idempotency_uq" ON "work_order_idempotency" USING btree ("actor_key","key");--> statement-breakpoint
CREATE INDEX "work_order_parts_order_idx" ON "work_order_parts" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "work_order_parts_part_idx" ON "work_order_parts" USING btree ("part_id");--> statement-breakpoint
CREATE INDEX "work_order_photos_order_idx" ON "work_order_photos" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "work_order_urges_order_idx" ON "work_order_urges" USING btree ("order_id","n");--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_code_uq" ON "work_orders" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_custody_label_uq" ON "work_orders" USING btree ("custody_label");--> statement-breakpoint
CREATE INDEX "work_orders_board_idx" ON "work_orders" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "work_orders_technician_idx" ON "work_orders" USING btree ("technician_id","state");--> statement-breakpoint
CREATE INDEX "work_orders_created_idx" ON "work_orders" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "work_orders_customer_idx" ON "work_orders" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "work_orders_request_idx" ON "work_orders" USING btree ("service_request_id");