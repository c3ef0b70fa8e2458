ALTER TABLE "sla_milestones" ADD COLUMN "backdate" jsonb;--> statement-breakpoint
ALTER TABLE "work_order_idempotency" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "backdate" jsonb;--> statement-breakpoint
-- Hand-written backfill: the new permission orders.backdate for the roles that get it by default
-- (shared/permissions.ts: admin, manager) on systems set up before it existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'orders.backdate' FROM "roles" WHERE "code" IN ('admin', 'manager')
ON CONFLICT DO NOTHING;
