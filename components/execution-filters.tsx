import { EXECUTION_STATUSES } from '@/lib/api/executions/list-executions-query';

export interface ExecutionFilterValues {
  status?: string;
  q?: string;
  from?: string;
  to?: string;
}

/** A plain GET form: filtering works without JavaScript and every filter lives in the URL. */
export function ExecutionFilters({ action, values }: { action: string; values: ExecutionFilterValues }) {
  return (
    <form className="filters" action={action} method="get">
      <label>
        Status
        <select name="status" defaultValue={values.status ?? ''}>
          <option value="">any</option>
          {EXECUTION_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label>
        Name or error contains
        <input name="q" defaultValue={values.q ?? ''} placeholder="e.g. States.Timeout" />
      </label>
      <label>
        Started from (UTC)
        <input name="from" defaultValue={values.from ?? ''} placeholder="2026-11-01T00:00:00Z" />
      </label>
      <label>
        to
        <input name="to" defaultValue={values.to ?? ''} placeholder="2026-11-30T00:00:00Z" />
      </label>
      <button type="submit">Filter</button>
    </form>
  );
}
