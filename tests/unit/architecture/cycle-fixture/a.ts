import { b } from './b.ts';
import type { C } from './c.ts';
export const a = (): number => b() + 1;
export const c: C = 1;
