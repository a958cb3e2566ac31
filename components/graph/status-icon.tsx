// Status glyphs drawn as SVG shapes (not font glyphs, so they export and render the same
// everywhere). Each status differs in shape as well as colour: colour-blind safe.
import type { NodeStatus } from '@/lib/graph/types';
import { NODE_STATUSES } from '@/lib/history';

export const STATUS_LABELS: Record<NodeStatus, string> = {
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  CAUGHT: 'Caught error',
  RUNNING: 'In progress',
  ABORTED: 'Aborted',
  NOT_STARTED: 'Not started',
};

/** Legend order: the vocabulary's (SUCCEEDED, FAILED, CAUGHT, ABORTED, RUNNING, NOT_STARTED). */
export const STATUS_ORDER: readonly NodeStatus[] = NODE_STATUSES;

/** A 16×16 status glyph centred on (x, y). */
export function StatusIcon({ status, x, y }: { status: NodeStatus; x: number; y: number }) {
  const t = `translate(${x},${y})`;
  switch (status) {
    case 'SUCCEEDED':
      return (
        <g className="wg-icon wg-icon-SUCCEEDED" transform={t} aria-hidden="true">
          <circle r={8} />
          <path d="M-4 0.3 L-1.3 3 L4 -2.8" className="wg-glyph" />
        </g>
      );
    case 'FAILED':
      return (
        <g className="wg-icon wg-icon-FAILED" transform={t} aria-hidden="true">
          {/* an octagon: a stop sign */}
          <path d="M-3.3 -8 H3.3 L8 -3.3 V3.3 L3.3 8 H-3.3 L-8 3.3 V-3.3 Z" />
          <path d="M-3 -3 L3 3 M3 -3 L-3 3" className="wg-glyph" />
        </g>
      );
    case 'CAUGHT':
      return (
        <g className="wg-icon wg-icon-CAUGHT" transform={t} aria-hidden="true">
          {/* a warning triangle with "!" */}
          <path d="M0 -8.5 L8.6 7 H-8.6 Z" />
          <path d="M0 -3.2 V1.8 M0 4.2 V4.4" className="wg-glyph" />
        </g>
      );
    case 'RUNNING':
      return (
        <g className="wg-icon wg-icon-RUNNING" transform={t} aria-hidden="true">
          <circle r={8} />
          <path d="M0 -4.2 A4.2 4.2 0 1 1 -4.2 0" className="wg-glyph" />
          <path d="M-4.2 -2.6 L-4.2 0.6 L-1.6 -0.6" className="wg-glyph" />
        </g>
      );
    case 'ABORTED':
      return (
        <g className="wg-icon wg-icon-ABORTED" transform={t} aria-hidden="true">
          <rect x={-7.5} y={-7.5} width={15} height={15} rx={2.5} />
          <rect x={-3} y={-3} width={6} height={6} className="wg-glyph-fill" />
        </g>
      );
    default:
      return (
        <g className="wg-icon wg-icon-NOT_STARTED" transform={t} aria-hidden="true">
          <circle r={6.5} />
        </g>
      );
  }
}
