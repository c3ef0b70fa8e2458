CREATE TABLE "planning_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"outlet_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"day" date NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"plan" jsonb NOT NULL,
	"locks" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"seed" integer NOT NULL,
	"time_limit_ms" integer NOT NULL,
	"solved_in_ms" integer NOT NULL,
	"iterations" integer NOT NULL,
	"created_by" uuid,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_pool" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"outlet_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"product_line_id" uuid,
	"state" text DEFAULT 'open' NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone NOT NULL,
	"claimed_by" uuid,
	"claimed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_shifts" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"org_path" text NOT NULL,
	"start" text NOT NULL,
	"end" text NOT NULL,
	"break_from" text NOT NULL,
	"break_to" text NOT NULL,
	"break_minutes" integer NOT NULL,
	"start_at" text DEFAULT 'outlet' NOT NULL,
	"home" jsonb,
	"max_jobs" integer,
	"days_off" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "planning_plans_outlet_day_idx" ON "planning_plans" USING btree ("outlet_id","day","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "planning_plans_published_uq" ON "planning_plans" USING btree ("outlet_id","day") WHERE state = 'published';--> statement-breakpoint
CREATE UNIQUE INDEX "planning_pool_open_uq" ON "planning_pool" USING btree ("order_id") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "planning_pool_outlet_idx" ON "planning_pool" USING btree ("outlet_id","state","published_at");