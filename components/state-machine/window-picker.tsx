'use client';
// The page's window: presets (relative to now), the last N executions, or a custom from–to (ISO-8601, UTC unless it has an offset),
// and the series bucket (auto or a size). It edits the URL state; the page fetches from it.
import { useEffect, useState } from 'react';
import { DEFAULT_LAST_EXECUTIONS, HEALTH_PRESETS, type HealthPreset, type HealthWindow } from '@/lib/queries/state-machine-health';
import { BUCKET_CHOICES, type BucketChoice } from '@/lib/schemas/window';

const PRESET_LABELS: Record<HealthPreset, string> = { '1h': '1 h', '24h': '24 h', '7d': '7 d', '30d': '30 d' };

/** ISO-8601 → the text of a from/to field, in UTC to the second ("2026-12-02T18:26:00Z"); unreadable text stays as typed. */
function toInput(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A from/to field as typed ('' = not set): the API parses it and names the field it refuses. */
function fromInput(value: string): string {
  return value.trim();
}

export interface WindowPickerProps {
  window: HealthWindow;
  bucket: BucketChoice;
  /** The bucket the API picked (shown beside "auto"). */
  usedBucket?: string | undefined;
  /** The resolved window the figures are over, as the API answered it. */
  resolved?: { from: string; to: string } | undefined;
  onWindow: (window: HealthWindow) => void;
  onBucket: (bucket: BucketChoice) => void;
}

export function WindowPicker({ window, bucket, usedBucket, resolved, onWindow, onBucket }: WindowPickerProps) {
  const [last, setLast] = useState(window.kind === 'last' ? window.last : String(DEFAULT_LAST_EXECUTIONS));
  const [from, setFrom] = useState(window.kind === 'custom' ? toInput(window.from) : resolved ? toInput(resolved.from) : '');
  const [to, setTo] = useState(window.kind === 'custom' ? toInput(window.to) : resolved ? toInput(resolved.to) : '');
  const [customOpen, setCustomOpen] = useState(window.kind === 'custom');
  useEffect(() => {
    if (window.kind === 'last') setLast(window.last);
    if (window.kind === 'custom') {
      setFrom(toInput(window.from));
      setTo(toInput(window.to));
      setCustomOpen(true);
    }
  }, [window]);

  const active = window.kind === 'preset' ? window.preset : window.kind;
  return (
    <div className="sm-toolbar" data-testid="window-picker">
      <div className="sm-segmented" role="group" aria-label="Window">
        {(Object.keys(HEALTH_PRESETS) as HealthPreset[]).map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={active === preset}
            data-window={preset}
            onClick={() => {
              setCustomOpen(false);
              onWindow({ kind: 'preset', preset });
            }}
          >
            Last {PRESET_LABELS[preset]}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={active === 'custom' || (customOpen && active !== 'last')}
          data-window="custom"
          onClick={() => {
            setCustomOpen(true);
            if (resolved && !from) setFrom(toInput(resolved.from));
            if (resolved && !to) setTo(toInput(resolved.to));
          }}
        >
          Custom
        </button>
      </div>
      <form
        className="sm-toolbar"
        style={{ margin: 0 }}
        onSubmit={(e) => {
          e.preventDefault();
          setCustomOpen(false);
          onWindow({ kind: 'last', last: last.trim() });
        }}
      >
        <label>
          Last
          <input type="number" min={1} max={100000} value={last} onChange={(e) => setLast(e.target.value)} aria-label="Number of executions" data-testid="last-n" />
          executions
        </label>
        <button type="submit" className="sm-apply" aria-pressed={active === 'last'} data-window="last">
          Show
        </button>
      </form>
      {customOpen ? (
        <form
          className="sm-toolbar"
          style={{ margin: 0 }}
          onSubmit={(e) => {
            e.preventDefault();
            onWindow({ kind: 'custom', from: fromInput(from), to: fromInput(to) });
          }}
        >
          <label>
            From (UTC)
            <input value={from} onChange={(e) => setFrom(e.target.value)} placeholder="2026-11-01T00:00:00Z" size={21} spellCheck={false} data-testid="custom-from" />
          </label>
          <label>
            to
            <input value={to} onChange={(e) => setTo(e.target.value)} placeholder="2026-11-02T00:00:00Z" size={21} spellCheck={false} data-testid="custom-to" />
          </label>
          <button type="submit" className="sm-apply">
            Apply
          </button>
        </form>
      ) : null}
      <label>
        Bucket
        <select value={bucket} onChange={(e) => onBucket(e.target.value as BucketChoice)} aria-label="Series bucket">
          {BUCKET_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {choice === 'auto' ? `auto${bucket === 'auto' && usedBucket ? ` (${usedBucket})` : ''}` : choice}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
