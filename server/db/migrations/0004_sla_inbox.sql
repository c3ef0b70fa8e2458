CREATE TABLE "inbox_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" jsonb NOT NULL,
	"body" jsonb NOT NULL,
	"link" text,
	"entity" text,
	"entity_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sla_calendar_years" (
	"calendar_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone NOT NULL,
	"note" text,
	CONSTRAINT "sla_calendar_years_calendar_id_year_pk" PRIMARY KEY("calendar_id","year")
);
--> statement-breakpoint
CREATE TABLE "sla_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"time_zone" text,
	"kind" text NOT NULL,
	"hours" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_day_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"calendar_id" uuid NOT NULL,
	"date" text NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"order_code" text NOT NULL,
	"org_path" text NOT NULL,
	"key" text NOT NULL,
	"policy_id" uuid NOT NULL,
	"policy_version" integer NOT NULL,
	"calendar_id" uuid NOT NULL,
	"base_limit_minutes" integer NOT NULL,
	"limit_minutes" integer NOT NULL,
	"warn_at_percent" integer NOT NULL,
	"paused_by_parts" boolean NOT NULL,
	"escalation" jsonb NOT NULL,
	"responsible_level" text NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"provisional" boolean DEFAULT false NOT NULL,
	"pauses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"met_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"late_minutes" integer,
	"excused" boolean DEFAULT false NOT NULL,
	"excused_reason" text,
	"next_fire_at" timestamp with time zone,
	"next_fire_kind" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"service_type" text,
	"product_line_id" uuid,
	"customer_kind" text,
	"zone" text,
	"fault_level" integer,
	"province_group" jsonb,
	"milestones" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inbox_items" ADD CONSTRAINT "inbox_items_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_calendar_years" ADD CONSTRAINT "sla_calendar_years_calendar_id_sla_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."sla_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_day_overrides" ADD CONSTRAINT "sla_day_overrides_calendar_id_sla_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."sla_calendars"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_milestones" ADD CONSTRAINT "sla_milestones_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_milestones" ADD CONSTRAINT "sla_milestones_calendar_id_sla_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."sla_calendars"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbox_items_user_idx" ON "inbox_items" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "inbox_items_unread_idx" ON "inbox_items" USING btree ("user_id") WHERE "inbox_items"."read_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_calendars_code_uq" ON "sla_calendars" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_day_overrides_uq" ON "sla_day_overrides" USING btree ("calendar_id","date");--> statement-breakpoint
CREATE INDEX "sla_milestones_order_idx" ON "sla_milestones" USING btree ("order_id","started_at");--> statement-breakpoint
CREATE INDEX "sla_milestones_fire_idx" ON "sla_milestones" USING btree ("next_fire_at") WHERE "sla_milestones"."next_fire_at" is not null;--> statement-breakpoint
CREATE INDEX "sla_milestones_org_path_idx" ON "sla_milestones" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "sla_milestones_open_uq" ON "sla_milestones" USING btree ("order_id","key") WHERE "sla_milestones"."ended_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_code_version_uq" ON "sla_policies" USING btree ("code","version");--> statement-breakpoint
CREATE INDEX "sla_policies_effective_idx" ON "sla_policies" USING btree ("effective_from");