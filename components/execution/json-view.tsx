'use client';
// A JSON viewer that only ever renders text: collapsible objects/arrays (deep levels collapsed),
// long strings truncated with "show more", large collections paged, and a copy button.
import { useState } from 'react';
import { decodePayload } from '@/lib/history';
import { jsonText } from '@/lib/history/json-text';

const STRING_LIMIT = 400;
const CHILD_LIMIT = 100;
const OPEN_DEPTH = 2;

export function CopyButton({ text, label = 'Copy' }: { text: string | null; label?: string }) {
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  if (text === null) return null;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('done');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button type="button" className="ex-btn ex-copy" onClick={() => void copy()} title="Copy to the clipboard">
      {state === 'done' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

export function LongText({ text, limit = STRING_LIMIT, className }: { text: string; limit?: number; className?: string }) {
  const [shown, setShown] = useState(limit);
  if (text.length <= shown) return <span className={className}>{text}</span>;
  return (
    <span className={className}>
      {text.slice(0, shown)}
      <span className="muted">… </span>
      <button type="button" className="ex-link" onClick={() => setShown((n) => n * 25)}>
        show more ({(text.length - shown).toLocaleString('en-US')} more characters)
      </button>
    </span>
  );
}

function summary(value: unknown): string {
  if (Array.isArray(value)) return `[ ${value.length} item${value.length === 1 ? '' : 's'} ]`;
  const n = Object.keys(value as object).length;
  return `{ ${n} key${n === 1 ? '' : 's'} }`;
}

function Leaf({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    return (
      <span className="jv-string">
        &quot;
        <LongText text={value} />
        &quot;
      </span>
    );
  }
  if (value === null) return <span className="jv-null">null</span>;
  if (typeof value === 'number') return <span className="jv-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="jv-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function JsonNode({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const composite = typeof value === 'object' && value !== null;
  const size = composite ? (Array.isArray(value) ? value.length : Object.keys(value).length) : 0;
  const [open, setOpen] = useState(depth < OPEN_DEPTH && size <= CHILD_LIMIT * 5);
  const [limit, setLimit] = useState(CHILD_LIMIT);
  const key = name === null ? null : <span className="jv-key">{name}: </span>;
  if (!composite) {
    return (
      <div className="jv-row">
        {key}
        <Leaf value={value} />
      </div>
    );
  }
  const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  return (
    <div className="jv-row">
      <button type="button" className="jv-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>
      {key}
      {open ? (
        <>
          <span className="jv-punct">{Array.isArray(value) ? '[' : '{'}</span>
          <div className="jv-children">
            {entries.slice(0, limit).map(([k, v]) => (
              <JsonNode key={k} name={k} value={v} depth={depth + 1} />
            ))}
            {entries.length > limit ? (
              <button type="button" className="ex-link" onClick={() => setLimit((n) => n + CHILD_LIMIT * 5)}>
                show more ({entries.length - limit} more)
              </button>
            ) : null}
          </div>
          <span className="jv-punct">{Array.isArray(value) ? ']' : '}'}</span>
        </>
      ) : (
        <button type="button" className="jv-summary" onClick={() => setOpen(true)}>
          {summary(value)}
        </button>
      )}
    </div>
  );
}

function copyText(raw: unknown, value: unknown, parsed: boolean): string | null {
  if (raw === undefined || raw === null) return raw === null ? 'null' : null;
  if (typeof raw === 'string' && !parsed) return raw;
  try {
    return JSON.stringify(value, null, 2) ?? null;
  } catch {
    // Nested too deep to indent (JSON.stringify recurses): the compact text, which any depth has.
    return typeof raw === 'string' ? raw : (jsonText(raw) ?? String(raw));
  }
}

/** A payload as received (JSON text or parsed value). `undefined` reads as "not recorded". */
export function JsonView({ value, label, testId, emptyText = 'not recorded' }: { value: unknown; label?: string; testId?: string; emptyText?: string }) {
  const decoded = decodePayload(value);
  return (
    <div className="jv" data-testid={testId}>
      {label !== undefined ? (
        <div className="jv-head">
          <span className="jv-label">{label}</span>
          <CopyButton text={copyText(decoded.raw, decoded.value, decoded.parsed)} />
        </div>
      ) : null}
      <div className="jv-body mono">{value === undefined ? <span className="muted">{emptyText}</span> : <JsonNode name={null} value={decoded.value} depth={0} />}</div>
    </div>
  );
}
