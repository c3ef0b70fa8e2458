CREATE TABLE "warranty_case_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text NOT NULL,
	"note" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "warranty_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"state" text DEFAULT 'opened' NOT NULL,
	"requested" text NOT NULL,
	"rule" text,
	"unit_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"order_id" uuid,
	"fault_code" text,
	"reason" text NOT NULL,
	"price_fen" bigint NOT NULL,
	"remedies_at_open" jsonb,
	"appraisal" jsonb,
	"approvals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"execution" jsonb,
	"rejection" jsonb,
	"org_path" text NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warranty_contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"unit_id" uuid,
	"customer_id" uuid NOT NULL,
	"covers_parts" boolean NOT NULL,
	"covers_labour" boolean NOT NULL,
	"materials_at_cost" boolean DEFAULT false NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"price_fen" bigint DEFAULT 0 NOT NULL,
	"visits_included" integer,
	"visits_used" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"note" text,
	"org_path" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warranty_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid,
	"case_id" uuid,
	"unit_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"part_id" uuid,
	"part_code" text,
	"part_name" text,
	"covered" boolean NOT NULL,
	"rule" text NOT NULL,
	"policy_id" uuid,
	"policy_code" text,
	"policy_version" integer,
	"contract_id" uuid,
	"until" date,
	"labour" text NOT NULL,
	"parts" text NOT NULL,
	"reasons" jsonb NOT NULL,
	"exclusion" jsonb,
	"org_path" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warranty_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"effective_from" date NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"category" text,
	"product_line_code" text,
	"model_code" text,
	"usage" text,
	"start_basis" text NOT NULL,
	"unit_months" integer NOT NULL,
	"unit_labour_months" integer,
	"main_parts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"replaced_part_months" integer NOT NULL,
	"transferable" boolean DEFAULT true NOT NULL,
	"remedies" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warranty_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"price_fen" bigint NOT NULL,
	"depreciation_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"months_used" integer NOT NULL,
	"org_path" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" uuid
);
--> statement-breakpoint
ALTER TABLE "warranty_case_history" ADD CONSTRAINT "warranty_case_history_case_id_warranty_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."warranty_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_cases" ADD CONSTRAINT "warranty_cases_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_cases" ADD CONSTRAINT "warranty_cases_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_contracts" ADD CONSTRAINT "warranty_contracts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_contracts" ADD CONSTRAINT "warranty_contracts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_decisions" ADD CONSTRAINT "warranty_decisions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_refunds" ADD CONSTRAINT "warranty_refunds_case_id_warranty_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."warranty_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warranty_refunds" ADD CONSTRAINT "warranty_refunds_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "warranty_case_history_case_idx" ON "warranty_case_history" USING btree ("case_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "warranty_cases_code_uq" ON "warranty_cases" USING btree ("code");--> statement-breakpoint
CREATE INDEX "warranty_cases_org_path_idx" ON "warranty_cases" USING btree ("org_path" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "warranty_cases_unit_idx" ON "warranty_cases" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warranty_contracts_code_uq" ON "warranty_contracts" USING btree ("code");--> statement-breakpoint
CREATE INDEX "warranty_contracts_unit_idx" ON "warranty_contracts" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "warranty_contracts_customer_idx" ON "warranty_contracts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "warranty_decisions_unit_idx" ON "warranty_decisions" USING btree ("unit_id","decided_at");--> statement-breakpoint
CREATE INDEX "warranty_decisions_order_idx" ON "warranty_decisions" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warranty_policies_code_version_uq" ON "warranty_policies" USING btree ("code","version");--> statement-breakpoint
CREATE UNIQUE INDEX "warranty_refunds_case_uq" ON "warranty_refunds" USING btree ("case_id");