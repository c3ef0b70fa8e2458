ALTER TABLE "sla_milestones" DROP CONSTRAINT "sla_milestones_policy_id_sla_policies_id_fk";
--> statement-breakpoint
ALTER TABLE "sla_milestones" DROP CONSTRAINT "sla_milestones_calendar_id_sla_calendars_id_fk";
