ALTER TABLE "complaint_flags" ADD COLUMN "urge_count" integer;--> statement-breakpoint
ALTER TABLE "complaint_flags" ADD COLUMN "urge_limit" integer;--> statement-breakpoint
ALTER TABLE "complaint_flags" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "complaint_flags" ADD COLUMN "holder_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "complaint_flags" ADD COLUMN "created_by" uuid;--> statement-breakpoint
ALTER TABLE "complaint_flags" ADD COLUMN "created_by_name" text;--> statement-breakpoint
ALTER TABLE "complaint_flags" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
-- Hand-written backfill: existing records take their facts from the order, the urge that opened
-- them (n = the old limit) and the timeline row that recorded them.
UPDATE "complaint_flags" f SET
  "urge_count" = o."urge_count",
  "urge_limit" = (f."detail"->>'limit')::int,
  "updated_at" = greatest(f."created_at", coalesce(o."last_urged_at", f."created_at")),
  "holder_unit_id" = (SELECT u."holder_unit_id" FROM "work_order_urges" u WHERE u."order_id" = f."order_id" AND u."n" = (f."detail"->>'limit')::int LIMIT 1),
  "note" = (SELECT u."note" FROM "work_order_urges" u WHERE u."order_id" = f."order_id" AND u."n" = (f."detail"->>'limit')::int LIMIT 1),
  "created_by" = (SELECT h."actor_id" FROM "work_order_history" h WHERE h."order_id" = f."order_id" AND h."action" = 'complaint_flagged' ORDER BY h."id" LIMIT 1),
  "created_by_name" = coalesce((SELECT h."actor_name" FROM "work_order_history" h WHERE h."order_id" = f."order_id" AND h."action" = 'complaint_flagged' ORDER BY h."id" LIMIT 1), '')
FROM "work_orders" o WHERE o."id" = f."order_id";--> statement-breakpoint
ALTER TABLE "complaint_flags" ALTER COLUMN "urge_count" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "complaint_flags" ALTER COLUMN "created_by_name" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "complaint_flags" ALTER COLUMN "updated_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "complaint_flags" DROP COLUMN "detail";
