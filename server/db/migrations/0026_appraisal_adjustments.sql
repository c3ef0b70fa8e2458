ALTER TABLE "statement_adjustments" ADD COLUMN "explanation" jsonb;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD COLUMN "obligation_id" uuid;--> statement-breakpoint
CREATE INDEX "statement_adjustments_obligation_idx" ON "statement_adjustments" USING btree ("obligation_id") WHERE obligation_id is not null;