/** One row of a breakdown: what, and how many. */
export interface BarRow {
  key: string;
  label: string;
  count: number;
}

/**
 * A breakdown as a table whose last column draws each count as a bar (longest = the largest
 * count). The table is the figure: the bars are decoration, hidden from screen readers.
 */
export function BarTable({
  caption,
  labelHeading,
  countHeading,
  rows,
  empty,
  hideCaption = false,
}: {
  caption: string;
  labelHeading: string;
  countHeading: string;
  rows: BarRow[];
  empty?: string;
  /** When a heading right above already says what the caption would. */
  hideCaption?: boolean;
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  if (rows.length === 0 && empty) {
    return (
      <div className="bar-table">
        <p className="hint">{empty}</p>
      </div>
    );
  }
  return (
    <div className="bar-table">
      <table>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeading}</th>
            <th scope="col" className="num">
              {countHeading}
            </th>
            <td aria-hidden="true" />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td className="num">{r.count}</td>
              <td className="bar-cell" aria-hidden="true">
                <span className="bar" style={{ width: `${(r.count / max) * 100}%` }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
