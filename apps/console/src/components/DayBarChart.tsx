// A tiny inline SVG bar chart of one count per day; no chart library for thirty bars.

import type { RedemptionDayCount } from '@checkout/shared';

const WIDTH = 600;
const HEIGHT = 140;
const AXIS = 18;
/** Room left and right so the first and last day labels are not clipped. */
const MARGIN = 16;

export function DayBarChart({ days, label }: { days: RedemptionDayCount[]; label: string }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  const slot = WIDTH / Math.max(1, days.length);
  const barWidth = Math.max(2, slot - 4);
  return (
    <svg
      className="chart"
      viewBox={`${-MARGIN} 0 ${WIDTH + 2 * MARGIN} ${HEIGHT + AXIS}`}
      role="img"
      aria-label={label}
      data-testid="day-chart"
    >
      {days.map((d, i) => {
        const height = (d.count / max) * (HEIGHT - 14);
        const x = i * slot + (slot - barWidth) / 2;
        return (
          <g key={d.day} data-testid="day-bar" data-day={d.day} data-count={d.count}>
            <title>{`${d.day}：${d.count} 次`}</title>
            <rect x={x} y={HEIGHT - height} width={barWidth} height={height} className="bar" />
            {d.count > 0 && (
              <text x={x + barWidth / 2} y={HEIGHT - height - 3} textAnchor="middle" className="bar-value">
                {d.count}
              </text>
            )}
            {(i % 5 === 0 || i === days.length - 1) && (
              <text x={x + barWidth / 2} y={HEIGHT + 13} textAnchor="middle" className="axis-label">
                {d.day.slice(5)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
