ALTER TABLE "sla_milestones" ADD COLUMN "remaining_minutes" integer;--> statement-breakpoint
ALTER TABLE "sla_milestones" ADD COLUMN "paused_minutes" integer;