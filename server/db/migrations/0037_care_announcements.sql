CREATE TABLE "care_announcements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"event_on" date NOT NULL,
	"send_at" timestamp with time zone NOT NULL,
	"province_codes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"product_line_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"sent_count" integer,
	"sent_at" timestamp with time zone,
	"cancel_reason" text,
	"org_path" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "care_announcements_due_idx" ON "care_announcements" USING btree ("send_at") WHERE "care_announcements"."state" = 'scheduled';--> statement-breakpoint
CREATE INDEX "care_announcements_org_path_idx" ON "care_announcements" USING btree ("org_path" text_pattern_ops,"created_at");