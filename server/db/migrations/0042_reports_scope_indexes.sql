DROP INDEX "report_facts_completed_idx";--> statement-breakpoint
DROP INDEX "report_facts_received_idx";--> statement-breakpoint
DROP INDEX "report_facts_dispatched_idx";--> statement-breakpoint
DROP INDEX "report_facts_open_idx";--> statement-breakpoint
CREATE INDEX "report_facts_completed_idx" ON "report_order_facts" USING btree ("completed_day","org_path" text_pattern_ops,"province_code","resolved_minutes") WHERE "report_order_facts"."completed_day" is not null;--> statement-breakpoint
CREATE INDEX "report_facts_received_idx" ON "report_order_facts" USING btree ("received_day","org_path" text_pattern_ops,"province_code");--> statement-breakpoint
CREATE INDEX "report_facts_dispatched_idx" ON "report_order_facts" USING btree ("dispatched_day","org_path" text_pattern_ops,"province_code") WHERE "report_order_facts"."dispatched_day" is not null;--> statement-breakpoint
CREATE INDEX "report_facts_open_idx" ON "report_order_facts" USING btree (coalesce("ended_day", 'infinity'::date),"received_day","org_path" text_pattern_ops);