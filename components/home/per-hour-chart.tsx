'use client';

import { Bar, BarChart, Tooltip } from 'recharts';

/** Executions started per hour over the last 24 h, as a small bar chart. */
export function PerHourChart({ perHour, now }: { perHour: number[]; now: number }) {
  const hourMs = 3_600_000;
  const start = Math.floor(now / hourMs) * hourMs - 23 * hourMs;
  const data = perHour.map((n, i) => ({ hour: new Date(start + i * hourMs).toISOString().slice(11, 13) + ':00 UTC', n }));
  const total = perHour.reduce((a, b) => a + b, 0);
  return (
    <span className="spark" aria-label={`${total} executions in the last 24 hours`} title={`${total} executions in the last 24 h`}>
      <BarChart width={160} height={32} data={data} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
        <Tooltip
          cursor={false}
          contentStyle={{ background: 'var(--bg)', border: '1px solid var(--line)', color: 'var(--fg)', fontSize: 12, padding: '2px 6px' }}
          labelFormatter={(_, payload) => String(payload?.[0]?.payload?.hour ?? '')}
          formatter={(value) => [String(value), 'executions']}
        />
        <Bar dataKey="n" fill="var(--running)" isAnimationActive={false} minPointSize={1} />
      </BarChart>
    </span>
  );
}
