CREATE TABLE "customer_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"org_path" text NOT NULL,
	"source_entity" text NOT NULL,
	"source_id" uuid NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
DROP INDEX "customers_name_idx";--> statement-breakpoint
DROP INDEX "customers_company_idx";--> statement-breakpoint
ALTER TABLE "customer_grants" ADD CONSTRAINT "customer_grants_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_grants_source_uq" ON "customer_grants" USING btree ("source_entity","source_id","org_path","customer_id");--> statement-breakpoint
CREATE INDEX "customer_grants_path_idx" ON "customer_grants" USING btree ("org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customer_grants_customer_idx" ON "customer_grants" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customers_name_path_idx" ON "customers" USING btree ("name" text_pattern_ops,"org_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_company_path_idx" ON "customers" USING btree ("company_name" text_pattern_ops,"org_path" text_pattern_ops);