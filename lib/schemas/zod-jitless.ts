// Zod 4 compiles object schemas with `new Function` when it can, and finds out whether it can by
// trying `Function("")` once. Under the dashboard's Content-Security-Policy (no 'unsafe-eval')
// that try is blocked and reported as a violation in every page's console; jitless skips it
// (and the compilation: the dashboard's payloads are small enough for the interpreted path).
// Imported for its effect by app/providers.tsx, before any schema parses in the browser.
import { z } from 'zod';

z.config({ jitless: true });
