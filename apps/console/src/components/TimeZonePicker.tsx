// The top bar's zone switch: every time and day filter on every screen follows it.

import { useTimeZone } from '../time/time-zone.js';
import { TIME_ZONE_LABELS } from '../time/zone-time.js';

export function TimeZonePicker() {
  const { timeZone, setTimeZone } = useTimeZone();
  const zones = Object.keys(TIME_ZONE_LABELS);
  return (
    <label className="time-zone">
      时区
      <select value={timeZone} onChange={(e) => setTimeZone(e.target.value)} data-testid="time-zone">
        {(zones.includes(timeZone) ? zones : [timeZone, ...zones]).map((zone) => (
          <option key={zone} value={zone}>
            {TIME_ZONE_LABELS[zone] ? `${TIME_ZONE_LABELS[zone]}（${zone}）` : zone}
          </option>
        ))}
      </select>
    </label>
  );
}
