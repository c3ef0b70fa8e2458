/*
 * Message templates are plain text with named variables in double braces, "您的服务单{{orderCode}}",
 * and optional sections shown only when their variable has a value: "{{#surveyUrl}}请评价：{{surveyUrl}}{{/surveyUrl}}".
 * Pure functions: the store checks a template with them at save time, the sender renders with them.
 */

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const SECTION = /\{\{#([A-Za-z][A-Za-z0-9_]*)\}\}([\s\S]*?)\{\{\/\1\}\}/g;

/** The variable names a template uses (sections included), in order of first use. */
export function templateVariables(text: string): string[] {
  const out: string[] = [];
  const add = (v: string) => {
    if (!out.includes(v)) out.push(v);
  };
  for (const m of text.matchAll(SECTION)) {
    add(m[1]!);
    for (const inner of m[2]!.matchAll(VARIABLE)) add(inner[1]!);
  }
  for (const m of text.replace(SECTION, '').matchAll(VARIABLE)) add(m[1]!);
  return out;
}

export interface TemplateProblem {
  /** 'unknown': the event does not supply it; 'missing': the event's message needs it; 'unbalanced': stray braces. */
  kind: 'unknown' | 'missing' | 'unbalanced';
  variable: string;
}

/**
 * What is wrong with a template for an event that supplies `known` variables and whose message
 * must carry `required` ones (a one-time code without {{code}} is useless). Stray braces are
 * refused too: "{{orderCode}" would reach the customer as it stands.
 */
export function checkTemplate(text: string, known: readonly string[], required: readonly string[]): TemplateProblem[] {
  const used = templateVariables(text);
  const problems: TemplateProblem[] = [];
  for (const v of used) if (!known.includes(v)) problems.push({ kind: 'unknown', variable: v });
  for (const v of required) if (!used.includes(v)) problems.push({ kind: 'missing', variable: v });
  const rest = text.replace(SECTION, '').replace(VARIABLE, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push({ kind: 'unbalanced', variable: '' });
  return problems;
}

const present = (v: unknown) => v !== null && v !== undefined && v !== '';

/**
 * Fills a template. A variable without a value renders empty and its sections vanish (an
 * optional link not made); the save-time check has already refused names the event never supplies.
 */
export function renderTemplate(text: string, vars: Record<string, unknown>): string {
  return fill(text, vars).trim();
}

/** Sections may nest ("{{#technicianName}}…{{#technicianPhone}}…{{/technicianPhone}}{{/technicianName}}"). */
function fill(text: string, vars: Record<string, unknown>): string {
  return text
    .replace(SECTION, (_, name: string, inner: string) => (present(vars[name]) ? fill(inner, vars) : ''))
    .replace(VARIABLE, (_, name: string) => (present(vars[name]) ? String(vars[name]) : ''));
}
