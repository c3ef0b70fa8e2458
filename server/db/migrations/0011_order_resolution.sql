ALTER TABLE "work_orders" ADD COLUMN "resolution" text;--> statement-breakpoint
-- Center staff approve return/exchange cases up to the HQ threshold (docs/warranty.md): systems set
-- up before the default role gained orders.approve get it too. Hand-written; nothing before setup.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT 'center_staff', 'orders.approve' WHERE EXISTS (SELECT 1 FROM "roles" WHERE "code" = 'center_staff')
ON CONFLICT DO NOTHING;
