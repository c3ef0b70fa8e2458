CREATE TABLE "part_prices" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "part_prices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"part_id" uuid NOT NULL,
	"cost_fen" integer NOT NULL,
	"sale_price_fen" integer NOT NULL,
	"effective_from" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "part_prices_money_ck" CHECK (cost_fen >= 0 and sale_price_fen >= 0)
);
--> statement-breakpoint
CREATE TABLE "unstocked_consumptions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unstocked_consumptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"order_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"outlet_org_unit_id" uuid,
	"technician_user_id" uuid,
	"cost_fen" integer,
	"customer_pays" boolean,
	"serial" text,
	"actor_user_id" uuid,
	CONSTRAINT "unstocked_consumptions_qty_ck" CHECK (quantity > 0)
);
--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "cost_fen" integer;--> statement-breakpoint
ALTER TABLE "stock_movements" ADD COLUMN "customer_pays" boolean;--> statement-breakpoint
ALTER TABLE "part_prices" ADD CONSTRAINT "part_prices_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_prices" ADD CONSTRAINT "part_prices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unstocked_consumptions" ADD CONSTRAINT "unstocked_consumptions_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "part_prices_part_day_idx" ON "part_prices" USING btree ("part_id","effective_from","id");--> statement-breakpoint
CREATE INDEX "unstocked_consumptions_order_idx" ON "unstocked_consumptions" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "unstocked_consumptions_outlet_day_idx" ON "unstocked_consumptions" USING btree ("outlet_org_unit_id","day");