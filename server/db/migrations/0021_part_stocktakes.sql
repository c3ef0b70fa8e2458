CREATE TABLE "part_stocktake_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stocktake_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"grade" text NOT NULL,
	"book_qty" integer NOT NULL,
	"book_movement_id" bigint NOT NULL,
	"book_serials" jsonb,
	"serial_tracked" boolean DEFAULT false NOT NULL,
	"counted_qty" integer,
	"counted_serials" jsonb,
	"counted_by" uuid,
	"counted_at" timestamp with time zone,
	"unit_cost_fen" integer,
	CONSTRAINT "part_stocktake_lines_counted_ck" CHECK (counted_qty is null or counted_qty >= 0)
);
--> statement-breakpoint
CREATE TABLE "part_stocktakes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"depot_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"status" text DEFAULT 'counting' NOT NULL,
	"blind" boolean DEFAULT false NOT NULL,
	"note" text,
	"opened_by" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "part_stocktake_lines" ADD CONSTRAINT "part_stocktake_lines_stocktake_id_part_stocktakes_id_fk" FOREIGN KEY ("stocktake_id") REFERENCES "public"."part_stocktakes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stocktake_lines" ADD CONSTRAINT "part_stocktake_lines_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stocktake_lines" ADD CONSTRAINT "part_stocktake_lines_counted_by_users_id_fk" FOREIGN KEY ("counted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stocktakes" ADD CONSTRAINT "part_stocktakes_depot_id_depots_id_fk" FOREIGN KEY ("depot_id") REFERENCES "public"."depots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stocktakes" ADD CONSTRAINT "part_stocktakes_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stocktakes" ADD CONSTRAINT "part_stocktakes_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_stocktakes" ADD CONSTRAINT "part_stocktakes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "part_stocktake_lines_uq" ON "part_stocktake_lines" USING btree ("stocktake_id","part_id","grade");--> statement-breakpoint
CREATE UNIQUE INDEX "part_stocktakes_code_uq" ON "part_stocktakes" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "part_stocktakes_open_uq" ON "part_stocktakes" USING btree ("depot_id") WHERE status in ('counting', 'submitted');--> statement-breakpoint
CREATE INDEX "part_stocktakes_org_path_idx" ON "part_stocktakes" USING btree ("org_path" text_pattern_ops,"opened_at");--> statement-breakpoint
-- Hand-written backfill: the new permission parts.stocktake_approve for the roles that get it by
-- default (shared/permissions.ts) on systems set up before it existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'parts.stocktake_approve' FROM "roles" WHERE "code" IN ('admin', 'manager')
ON CONFLICT DO NOTHING;
