/** The "from … to" day pickers every list screen filters by; days are `YYYY-MM-DD` strings. */
export function DateRangeFilter(props: {
  label: string;
  fromDay: string;
  toDay: string;
  onFromDay(day: string): void;
  onToDay(day: string): void;
}) {
  return (
    <>
      <label>
        {props.label}
        <input
          type="date"
          value={props.fromDay}
          onChange={(e) => props.onFromDay(e.target.value)}
          data-testid="filter-from"
        />
      </label>
      <label>
        到
        <input
          type="date"
          value={props.toDay}
          onChange={(e) => props.onToDay(e.target.value)}
          data-testid="filter-to"
        />
      </label>
    </>
  );
}
