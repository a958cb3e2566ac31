/** An input/output payload as pretty JSON text when it is JSON, else as it is. Always text, never HTML. */
export function Payload({ label, value }: { label: string; value: string | null }) {
  return (
    <section>
      <h2>{label}</h2>
      {value === null ? <p className="muted">not recorded</p> : <pre className="payload mono">{pretty(value)}</pre>}
    </section>
  );
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
