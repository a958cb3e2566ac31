// The execution page's relations bar (DESIGN.md §2.9): the execution that started this one (a
// Map Run's parent or a StartExecution task's), the Map Runs it started with their counts, and
// the executions its StartExecution tasks started. Draws what lib/api read (ExecutionRelations)
// and lib/history worded (mapRunBadge).
import type { ExecutionRelations } from '@/lib/api/map-runs/get-execution-relations';
import { arnRouteSegment } from '@/lib/arn/arn-route-param';
import { mapRunBadge } from '@/lib/history/map-run-counts';
import { StatusBadge } from '../status-badge';
import './map-runs.css';

/** Started executions named in the bar (a parent may start thousands); the rest are counted. */
const SHOWN_CHILDREN = 20;

const executionHref = (arn: string) => `/executions/${arnRouteSegment(arn)}`;
export const mapRunHref = (arn: string) => `/map-runs/${arnRouteSegment(arn)}`;
/** Link text: an execution ARN's name, a Map Run ARN's `<stateMachine>/<label>:<id>`. */
const tail = (arn: string) => {
  const at = arn.indexOf(':mapRun:');
  return at >= 0 ? arn.slice(at + ':mapRun:'.length) : arn.slice(arn.lastIndexOf(':') + 1);
};

const VIA: Record<string, string> = {
  'map-run': 'as a child of Map Run',
  'task-output': 'by its StartExecution task',
  'started-by-input': 'by its input (AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID)',
};

export function ExecutionRelationsBar({ relations }: { relations: ExecutionRelations }) {
  const { parent, mapRuns, childExecutions } = relations;
  if (parent === null && mapRuns.length === 0 && childExecutions.length === 0) return null;
  return (
    <div className="relations" data-testid="execution-relations">
      {parent ? (
        <span data-testid="parent-execution" data-via={parent.via}>
          <span className="label">Started by</span>
          <a href={executionHref(parent.executionArn)} data-testid="parent-execution-link" className="mono">
            {parent.name ?? tail(parent.executionArn)}
          </a>
          {parent.status ? <StatusBadge status={parent.status} /> : <span className="muted">(not stored)</span>}
          <span className="muted">
            {VIA[parent.via] ?? ''}
            {parent.stateName ? ` in state “${parent.stateName}”` : ''}
          </span>
          {parent.mapRunArn ? (
            <a href={mapRunHref(parent.mapRunArn)} data-testid="parent-map-run-link" className="mono">
              {tail(parent.mapRunArn)}
            </a>
          ) : null}
        </span>
      ) : null}
      {mapRuns.map((m) => {
        const badge = mapRunBadge(m.status, m.executionCounts);
        return (
          <span key={m.mapRunArn} data-testid="execution-map-run" data-map-run-arn={m.mapRunArn}>
            <span className="label">Map Run{m.stateName ? ` of “${m.stateName}”` : ''}</span>
            <a href={mapRunHref(m.mapRunArn)} className="mono" data-testid="map-run-link">
              {tail(m.mapRunArn)}
            </a>
            {m.status ? <StatusBadge status={m.status} /> : null}
            <span className={`map-run-badge${badge.unsuccessful > 0 ? ' map-run-bad' : ''}`} title={badge.title}>
              {badge.text}
            </span>
          </span>
        );
      })}
      {childExecutions.length > 0 ? (
        <span data-testid="child-executions">
          <span className="label">Started</span>
          {childExecutions.slice(0, SHOWN_CHILDREN).map((c) => (
            <span key={c.executionArn}>
              <a href={executionHref(c.executionArn)} className="mono" data-testid="child-execution-link">
                {c.name ?? tail(c.executionArn)}
              </a>{' '}
              {c.status ? <StatusBadge status={c.status} /> : <span className="muted">(not stored)</span>}
              {c.stateName ? <span className="muted"> from “{c.stateName}”</span> : null}
            </span>
          ))}
          {childExecutions.length > SHOWN_CHILDREN ? <span className="muted">and {childExecutions.length - SHOWN_CHILDREN} more</span> : null}
        </span>
      ) : null}
    </div>
  );
}
