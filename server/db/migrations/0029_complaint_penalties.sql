ALTER TABLE "complaints" ADD COLUMN "penalty_decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "statement_adjustments" ADD COLUMN "complaint_id" uuid;--> statement-breakpoint
CREATE INDEX "complaints_penalty_idx" ON "complaints" USING btree ("penalty_unit_id","penalty_decided_at") WHERE "complaints"."penalty_fen" is not null;--> statement-breakpoint
CREATE INDEX "statement_adjustments_complaint_idx" ON "statement_adjustments" USING btree ("complaint_id") WHERE complaint_id is not null;--> statement-breakpoint
-- A penalty decided before this column: its last change is the best record of when.
UPDATE "complaints" SET "penalty_decided_at" = "updated_at" WHERE "penalty_fen" IS NOT NULL AND "penalty_decided_at" IS NULL;