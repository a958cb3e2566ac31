// Imports a.ts for its types only: not a cycle at run time.
import type { a } from './a.ts';
export type C = ReturnType<typeof a>;
