'use client';
// Simple windowing: the rows of a fixed-height scroll container that are on screen (plus some
// overscan). Rows have a fixed height except one optional expanded row of `extra` px more.
import { useCallback, useEffect, useState, type RefObject } from 'react';

export interface WindowRange {
  start: number;
  end: number;
  offsetOf: (index: number) => number;
  totalHeight: number;
}

export function useWindow(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, expanded: { index: number; extra: number } | null = null, overscan = 12): WindowRange {
  const [view, setView] = useState({ top: 0, height: 600 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setView({ top: el.scrollTop, height: el.clientHeight || 600 }));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [ref]);
  const extraIndex = expanded?.index ?? -1;
  const extra = expanded?.extra ?? 0;
  const offsetOf = useCallback((index: number) => index * rowHeight + (extraIndex >= 0 && index > extraIndex ? extra : 0), [rowHeight, extraIndex, extra]);
  const indexAt = (y: number) => {
    if (extraIndex >= 0 && y > (extraIndex + 1) * rowHeight) return Math.floor(Math.max(0, y - extra) / rowHeight);
    return Math.floor(y / rowHeight);
  };
  const start = Math.max(0, indexAt(view.top) - overscan);
  const end = Math.min(count, indexAt(view.top + view.height) + overscan + 1);
  return { start, end, offsetOf, totalHeight: count * rowHeight + (extraIndex >= 0 && extraIndex < count ? extra : 0) };
}

/** Scrolls `el` so that the row at `top`..`top+height` is visible. */
export function scrollRowIntoView(el: HTMLElement | null, top: number, height: number): void {
  if (!el) return;
  if (top < el.scrollTop) el.scrollTop = top;
  else if (top + height > el.scrollTop + el.clientHeight) el.scrollTop = top + height - el.clientHeight;
}
