import { z } from 'zod';

/*
 * The site's content security policy allows no 'unsafe-eval' (securityHeaders in server/app.ts).
 * Zod compiles object parsers with `new Function` unless told not to, and even probing whether
 * it may is reported as a CSP violation. Imported first by main.tsx, before any schema parses.
 */
z.config({ jitless: true });
