CREATE TABLE "depots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"org_unit_id" uuid NOT NULL,
	"technician_user_id" uuid,
	"customer_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "depots_van_has_technician" CHECK ((kind = 'van') = (technician_user_id is not null))
);
--> statement-breakpoint
CREATE TABLE "part_serials" (
	"part_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"depot_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"state" text NOT NULL,
	"order_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "part_serials_part_id_serial_pk" PRIMARY KEY("part_id","serial")
);
--> statement-breakpoint
CREATE TABLE "part_tracking" (
	"part_id" uuid PRIMARY KEY NOT NULL,
	"serial_tracked" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_balances" (
	"depot_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"on_hand" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"in_transit" integer DEFAULT 0 NOT NULL,
	"reorder_point" integer,
	"reorder_qty" integer,
	"below_reorder" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stock_balances_depot_id_part_id_grade_pk" PRIMARY KEY("depot_id","part_id","grade"),
	CONSTRAINT "stock_balances_on_hand_ck" CHECK (on_hand >= 0),
	CONSTRAINT "stock_balances_reserved_ck" CHECK (reserved >= 0 and reserved <= on_hand),
	CONSTRAINT "stock_balances_in_transit_ck" CHECK (in_transit >= 0),
	CONSTRAINT "stock_balances_reorder_ck" CHECK ((reorder_point is null or reorder_point >= 0) and (reorder_qty is null or reorder_qty > 0))
);
--> statement-breakpoint
CREATE TABLE "stock_movements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_movements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"depot_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"quantity" integer NOT NULL,
	"reserved_delta" integer DEFAULT 0 NOT NULL,
	"in_transit_delta" integer DEFAULT 0 NOT NULL,
	"issued_delta" integer DEFAULT 0 NOT NULL,
	"on_hand_after" integer NOT NULL,
	"reserved_after" integer NOT NULL,
	"in_transit_after" integer NOT NULL,
	"serial" text,
	"peer_depot_id" uuid,
	"order_id" uuid,
	"document_kind" text,
	"document_id" text,
	"actor_user_id" uuid,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "depots" ADD CONSTRAINT "depots_org_unit_id_org_units_id_fk" FOREIGN KEY ("org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "depots" ADD CONSTRAINT "depots_technician_user_id_users_id_fk" FOREIGN KEY ("technician_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "depots" ADD CONSTRAINT "depots_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_serials" ADD CONSTRAINT "part_serials_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_serials" ADD CONSTRAINT "part_serials_depot_id_depots_id_fk" FOREIGN KEY ("depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_tracking" ADD CONSTRAINT "part_tracking_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_depot_id_depots_id_fk" FOREIGN KEY ("depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_depot_id_depots_id_fk" FOREIGN KEY ("depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_peer_depot_id_depots_id_fk" FOREIGN KEY ("peer_depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "depots_code_uq" ON "depots" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "depots_unit_uq" ON "depots" USING btree ("org_unit_id") WHERE kind in ('hq', 'center', 'outlet');--> statement-breakpoint
CREATE UNIQUE INDEX "depots_van_uq" ON "depots" USING btree ("technician_user_id") WHERE kind = 'van';--> statement-breakpoint
CREATE INDEX "depots_org_unit_idx" ON "depots" USING btree ("org_unit_id");--> statement-breakpoint
CREATE INDEX "part_serials_depot_idx" ON "part_serials" USING btree ("depot_id","state");--> statement-breakpoint
CREATE INDEX "stock_balances_part_idx" ON "stock_balances" USING btree ("part_id");--> statement-breakpoint
CREATE INDEX "stock_movements_depot_part_idx" ON "stock_movements" USING btree ("depot_id","part_id","id");--> statement-breakpoint
CREATE INDEX "stock_movements_depot_idx" ON "stock_movements" USING btree ("depot_id","id");--> statement-breakpoint
CREATE INDEX "stock_movements_order_idx" ON "stock_movements" USING btree ("order_id") WHERE order_id is not null;--> statement-breakpoint
CREATE INDEX "stock_movements_serial_idx" ON "stock_movements" USING btree ("part_id","serial") WHERE serial is not null;--> statement-breakpoint
-- Hand-written backfill: the new permission parts.read for the roles that get it by default
-- (shared/permissions.ts) on systems set up before it existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'parts.read' FROM "roles"
WHERE "code" IN ('admin', 'manager', 'auditor', 'center_staff', 'outlet_manager', 'technician', 'parts_clerk')
ON CONFLICT DO NOTHING;
