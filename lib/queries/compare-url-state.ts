// The /compare page's URL state (?stateMachineArn=A&stateMachineArn=B&range=24h|…|custom&from=&to=)
// and the machines it preselects when opened with none: pure, so the page and its tests agree.
import { RANGE_PRESETS } from './executions';

export interface CompareUrlState {
  /** In the order chosen; duplicates dropped. */
  stateMachineArns: string[];
  /** A RANGE_PRESETS key or 'custom' (then from/to as typed; the API names a bad one). */
  range: string;
  from?: string;
  to?: string;
}

export const DEFAULT_COMPARE_RANGE = '24h';

export function compareUrlStateOf(params: URLSearchParams): CompareUrlState {
  const range = params.get('range') ?? '';
  const state: CompareUrlState = {
    stateMachineArns: [...new Set(params.getAll('stateMachineArn').filter((arn) => arn.trim() !== ''))],
    range: range === 'custom' || Object.hasOwn(RANGE_PRESETS, range) ? range : DEFAULT_COMPARE_RANGE,
  };
  if (state.range === 'custom') {
    const from = params.get('from');
    const to = params.get('to');
    if (from) state.from = from;
    if (to) state.to = to;
  }
  return state;
}

/** The page's query string for a state (what the URL carries). */
export function compareUrlSearch(state: CompareUrlState): string {
  const params = new URLSearchParams();
  for (const arn of state.stateMachineArns) params.append('stateMachineArn', arn);
  params.set('range', state.range);
  if (state.range === 'custom') {
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
  }
  return params.toString();
}

/** GET /api/compare's query for a state; a preset becomes from/to relative to `now`. */
export function compareApiParams(state: CompareUrlState, now = Date.now()): URLSearchParams {
  const params = new URLSearchParams();
  for (const arn of state.stateMachineArns) params.append('stateMachineArn', arn);
  const preset = RANGE_PRESETS[state.range];
  if (preset !== undefined) {
    params.set('from', new Date(now - preset).toISOString());
    params.set('to', new Date(now).toISOString());
  } else {
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
  }
  return params;
}

export interface ComparableMachine {
  stateMachineArn: string;
  name: string;
  type: string;
}

/** A name without a trailing type word: "iot-ingestion-standard" and "iot-ingestion" are one workflow. */
function workflowBaseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]?(standard|express|std|exp)$/, '');
}

/**
 * The machines /compare opens with when the URL names none: one workflow deployed both as
 * STANDARD and as EXPRESS (the same name but for a -standard/-express suffix; the first such
 * pair by name), else the first STANDARD and the first EXPRESS machine by name, else the first
 * two machines. Standard first.
 */
export function defaultComparison(machines: readonly ComparableMachine[]): string[] {
  const byName = [...machines].sort((a, b) => a.name.localeCompare(b.name));
  const standard = byName.filter((m) => m.type === 'STANDARD');
  const express = byName.filter((m) => m.type === 'EXPRESS');
  for (const s of standard) {
    const twin = express.find((e) => workflowBaseName(e.name) === workflowBaseName(s.name));
    if (twin) return [s.stateMachineArn, twin.stateMachineArn];
  }
  if (standard[0] && express[0]) return [standard[0].stateMachineArn, express[0].stateMachineArn];
  return byName.slice(0, 2).map((m) => m.stateMachineArn);
}
