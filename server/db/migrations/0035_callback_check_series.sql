DROP INDEX "callback_tasks_order_kind_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "callback_tasks_order_kind_seq_uq" ON "callback_tasks" USING btree ("order_id","kind","seq");