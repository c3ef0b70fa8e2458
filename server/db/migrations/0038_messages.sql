CREATE TABLE "customer_channel_prefs" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"channels" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_opt_outs" (
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"source" text NOT NULL,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "message_opt_outs_channel_address_pk" PRIMARY KEY("channel","address")
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean NOT NULL,
	"subject_zh" text,
	"subject_en" text,
	"body_zh" text NOT NULL,
	"body_en" text NOT NULL,
	"provider_code" text,
	"signature" text,
	"effective_from" timestamp with time zone NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_mail_prefs" (
	"user_id" uuid NOT NULL,
	"event" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "staff_mail_prefs_user_id_event_pk" PRIMARY KEY("user_id","event")
);
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lang" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "provider_code" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "signature" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "org_path" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lease_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "provider_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "provider_answer" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "message_templates_key_idx" ON "message_templates" USING btree ("event","channel","effective_from" desc);--> statement-breakpoint
CREATE UNIQUE INDEX "staff_mail_prefs_event_idx" ON "staff_mail_prefs" USING btree ("event","user_id");--> statement-breakpoint
CREATE INDEX "outbox_claim_idx" ON "outbox" USING btree ("next_attempt_at") WHERE "outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_lease_idx" ON "outbox" USING btree ("lease_until") WHERE "outbox"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "outbox_provider_idx" ON "outbox" USING btree ("channel","provider_id");--> statement-breakpoint
CREATE INDEX "outbox_recipient_idx" ON "outbox" USING btree ("recipient","created_at");--> statement-breakpoint
CREATE INDEX "outbox_customer_idx" ON "outbox" USING btree ("customer_id","created_at");--> statement-breakpoint
-- Hand-written: messages waiting before this version are due from when they were made.
UPDATE "outbox" SET "next_attempt_at" = "created_at" WHERE "status" = 'pending';--> statement-breakpoint
-- Hand-written: the data scope of the outbox reads org paths by prefix.
CREATE INDEX "outbox_org_path_idx" ON "outbox" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
-- Hand-written backfill: the new permissions messages.read and messages.manage for the roles that get
-- them by default (shared/permissions.ts) on systems set up before they existed.
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'messages.read' FROM "roles" WHERE "code" IN ('admin', 'manager', 'auditor', 'hotline_agent', 'center_staff', 'outlet_manager')
ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "role_permissions" ("role_code", "permission")
SELECT "code", 'messages.manage' FROM "roles" WHERE "code" IN ('admin', 'manager')
ON CONFLICT DO NOTHING;
