// DescribeMapRun's item and execution counts side by side, rows in the console's order
// (MAP_RUN_COUNT_ROWS, lib/history). Draws only.
import { MAP_RUN_COUNT_ROWS, type MapRunCounts } from '@/lib/history/map-run-counts';

export function MapRunCountsTable({ itemCounts, executionCounts }: { itemCounts: MapRunCounts; executionCounts: MapRunCounts }) {
  return (
    <table className="map-run-counts" data-testid="map-run-counts">
      <thead>
        <tr>
          <th>Status</th>
          <th>Items</th>
          <th>Child executions</th>
        </tr>
      </thead>
      <tbody>
        {MAP_RUN_COUNT_ROWS.map((row) => (
          <tr key={row.key} data-count={row.key}>
            <td>{row.label}</td>
            <td data-testid={`items-${row.key}`}>{itemCounts[row.key] ?? 0}</td>
            <td data-testid={`executions-${row.key}`}>{executionCounts[row.key] ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
