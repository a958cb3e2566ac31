'use client';

import { Bar, BarChart, Tooltip } from 'recharts';

/** A cluster's members per slice of the window (the API's sparkline), as a small bar chart. */
export function ClusterSparkline({ points, from, sliceMs }: { points: readonly number[]; from: string; sliceMs: number }) {
  const start = Date.parse(from);
  const data = points.map((n, i) => ({ n, at: new Date(start + i * sliceMs).toISOString().slice(0, 16).replace('T', ' ') }));
  return (
    <span className="spark" data-testid="cluster-sparkline" aria-label={`members over the window, ${points.length} slices`}>
      <BarChart width={150} height={30} data={data} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
        <Tooltip
          cursor={false}
          contentStyle={{ background: 'var(--bg)', border: '1px solid var(--line)', color: 'var(--fg)', fontSize: 12, padding: '2px 6px' }}
          labelFormatter={(_, payload) => `from ${String(payload?.[0]?.payload?.at ?? '')} UTC`}
          formatter={(value) => [String(value), 'failures']}
        />
        <Bar dataKey="n" fill="var(--fail)" isAnimationActive={false} />
      </BarChart>
    </span>
  );
}
