DROP INDEX "sla_milestones_org_path_idx";--> statement-breakpoint
DROP INDEX "work_orders_custody_label_uq";--> statement-breakpoint
DROP INDEX "work_orders_technician_idx";--> statement-breakpoint
DROP INDEX "work_orders_request_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_custody_label_uq" ON "work_orders" USING btree ("custody_label") WHERE "work_orders"."custody_label" is not null;--> statement-breakpoint
CREATE INDEX "work_orders_technician_idx" ON "work_orders" USING btree ("technician_id","state") WHERE "work_orders"."technician_id" is not null;--> statement-breakpoint
CREATE INDEX "work_orders_request_idx" ON "work_orders" USING btree ("service_request_id") WHERE "work_orders"."service_request_id" is not null;