DROP INDEX "report_facts_open_idx";--> statement-breakpoint
CREATE INDEX "report_facts_open_idx" ON "report_order_facts" USING btree (coalesce("ended_day", 'infinity'::date),"received_day");