// Export of the rendered graph as a standalone SVG or PNG file (browser only). The live SVG is
// themed by CSS variables and classes, which a standalone file would lose, so the clone gets the
// computed values of the properties that matter inlined, the zoom reset, and a background.

const INLINE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
  'display',
] as const;

/** A standalone SVG document of the whole graph (zoom reset), with styles inlined. */
export function serializeGraphSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const dst = [clone, ...Array.from(clone.querySelectorAll('*'))];
  src.forEach((el, i) => {
    const target = dst[i];
    if (!target || !(el instanceof SVGElement) || !(target instanceof SVGElement)) return;
    const cs = getComputedStyle(el);
    const style = INLINE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    target.setAttribute('style', style);
    target.removeAttribute('class');
    target.removeAttribute('tabindex');
  });
  const viewport = clone.querySelector('[data-zoom-layer]');
  viewport?.removeAttribute('transform');
  const vb = svg.viewBox.baseVal;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.ceil(vb.width)));
  clone.setAttribute('height', String(Math.ceil(vb.height)));
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('x', String(vb.x));
  bg.setAttribute('y', String(vb.y));
  bg.setAttribute('width', String(vb.width));
  bg.setAttribute('height', String(vb.height));
  // The body's computed background is a resolved colour; the --bg variable holds light-dark(…),
  // which a standalone SVG viewer would not understand.
  bg.setAttribute('fill', getComputedStyle(document.body).backgroundColor || '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name-safe stem. */
export function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'workflow';
}

export function exportSvg(svg: SVGSVGElement, name: string): void {
  download(new Blob([serializeGraphSvg(svg)], { type: 'image/svg+xml;charset=utf-8' }), `${fileStem(name)}.svg`);
}

/** PNG through a canvas; scaled 2× for sharp text, capped so the canvas stays within browser limits. */
export async function exportPng(svg: SVGSVGElement, name: string): Promise<void> {
  const text = serializeGraphSvg(svg);
  const vb = svg.viewBox.baseVal;
  const scale = Math.max(0.25, Math.min(2, 16_000 / Math.max(vb.width, vb.height, 1)));
  const img = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The graph could not be rasterised'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(vb.width * scale);
    canvas.height = Math.ceil(vb.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) download(blob, `${fileStem(name)}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
