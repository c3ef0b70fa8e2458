CREATE TABLE "part_shipment_routes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_depot_id" uuid NOT NULL,
	"to_org_unit_id" uuid NOT NULL,
	"promised_days" integer NOT NULL,
	"org_path" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "part_shipment_routes_days" CHECK (promised_days >= 0 and promised_days <= 365)
);
--> statement-breakpoint
ALTER TABLE "part_shipments" ADD COLUMN "promise_route_id" uuid;--> statement-breakpoint
ALTER TABLE "part_shipment_routes" ADD CONSTRAINT "part_shipment_routes_from_depot_id_depots_id_fk" FOREIGN KEY ("from_depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_shipment_routes" ADD CONSTRAINT "part_shipment_routes_to_org_unit_id_org_units_id_fk" FOREIGN KEY ("to_org_unit_id") REFERENCES "public"."org_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "part_shipment_routes_uq" ON "part_shipment_routes" USING btree ("from_depot_id","to_org_unit_id");--> statement-breakpoint
CREATE INDEX "part_shipment_routes_org_path_idx" ON "part_shipment_routes" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "part_shipments" ADD CONSTRAINT "part_shipments_promise_route_id_part_shipment_routes_id_fk" FOREIGN KEY ("promise_route_id") REFERENCES "public"."part_shipment_routes"("id") ON DELETE no action ON UPDATE no action;