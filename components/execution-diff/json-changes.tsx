// A JSON diff drawn as the list of its changes (lib/metrics jsonDeltaChanges): path, then what A
// had and what B has, all as text.
import { formatJsonPath, jsonDeltaChanges, type JsonDiff } from '@/lib/metrics';

/** Values are shown as compact JSON, cut at this many characters (the full payloads are on the execution pages). */
const MAX_VALUE_CHARS = 400;

function valueText(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length.toLocaleString('en-US')} characters)` : text;
}

export function JsonChanges({ delta, label, testId }: { delta: JsonDiff; label: string; testId: string }) {
  if (delta === null) {
    return (
      <div className="xd-json" data-testid={testId} data-changes="0">
        <h4>{label}</h4>
        <p className="muted">Identical.</p>
      </div>
    );
  }
  const { changes, omitted } = jsonDeltaChanges(delta);
  return (
    <div className="xd-json" data-testid={testId} data-changes={changes.length + omitted}>
      <h4>
        {label} <span className="muted">· {(changes.length + omitted).toLocaleString('en-US')} change{changes.length + omitted === 1 ? '' : 's'}</span>
      </h4>
      <table className="xd-json-table">
        <thead>
          <tr>
            <th>Path</th>
            <th>Change</th>
            <th>A</th>
            <th>B</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change, i) => (
            <tr key={i} className={`xd-change xd-change-${change.kind}`} data-path={formatJsonPath(change.path)} data-kind={change.kind}>
              <td className="xd-path">{formatJsonPath(change.path)}</td>
              <td>{change.kind === 'moved' ? `moved from [${change.fromIndex}]` : change.kind}</td>
              <td className="xd-before">{change.kind === 'added' || change.kind === 'moved' ? '' : valueText(change.before)}</td>
              <td className="xd-after">{change.kind === 'removed' || change.kind === 'moved' ? '' : valueText(change.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {omitted > 0 ? <p className="muted">…and {omitted.toLocaleString('en-US')} more changes not listed.</p> : null}
    </div>
  );
}
