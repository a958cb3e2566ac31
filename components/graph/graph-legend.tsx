// The legend under the graph: each status with its icon, and the edge kinds.
import { STATUS_LABELS, STATUS_ORDER, StatusIcon } from './status-icon';

export function GraphLegend() {
  return (
    <ul className="wg-legend" aria-label="Legend">
      {STATUS_ORDER.map((status) => (
        <li key={status} data-legend-status={status}>
          <svg width={18} height={18} viewBox="-9 -9 18 18" aria-hidden="true">
            <StatusIcon status={status} x={0} y={0} />
          </svg>
          {STATUS_LABELS[status]}
        </li>
      ))}
      <li>
        <svg width={30} height={10} aria-hidden="true">
          <line x1={1} y1={5} x2={29} y2={5} className="wg-legend-edge" />
        </svg>
        Next / Choice rule
      </li>
      <li>
        <svg width={30} height={10} aria-hidden="true">
          <line x1={1} y1={5} x2={29} y2={5} className="wg-legend-edge wg-legend-catch" />
        </svg>
        Catch
      </li>
      <li>
        <span className="wg-legend-badge wg-legend-retry">↻ 2</span> retries
      </li>
      <li>
        <span className="wg-legend-badge">1.2 s</span> duration
      </li>
    </ul>
  );
}
