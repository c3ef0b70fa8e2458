ALTER TABLE "sla_milestones" ADD COLUMN "backdate" jsonb;--> statement-breakpoint
ALTER TABLE "work_order_idempotency" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "backdate" jsonb;