ALTER TABLE "contacts" ADD COLUMN "message_id" text;--> statement-breakpoint
CREATE INDEX "customers_email_idx" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_message_id_uq" ON "contacts" USING btree ("message_id") WHERE "contacts"."message_id" is not null;