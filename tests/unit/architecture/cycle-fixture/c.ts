import type { A } from './a.ts';
export type C = A | number;
