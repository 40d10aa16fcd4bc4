import { signal } from '@preact/signals';
import type { OrgBrandingView } from '@moot/protocol';
import { orgRoutes } from '@moot/protocol/plain';
import { request } from '../api.ts';
import { base } from '../org-base.ts';

/** The organization's name, colour and logo, once the server told them; null: moot's own look. */
export const branding = signal<OrgBrandingView | null>(null);

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.179 ? '#000' : '#fff';
}

/** Shows the organization's branding: its colour through the CSS variables every button uses. */
export function applyBranding(view: OrgBrandingView): void {
  branding.value = view;
  const style = document.documentElement.style;
  if (view.color) {
    style.setProperty('--accent', view.color);
    style.setProperty('--accent-text', textOn(view.color));
  } else {
    style.removeProperty('--accent');
    style.removeProperty('--accent-text');
  }
}

/** Read at start; a page without it keeps moot's look. */
export function loadBranding(): void {
  request<OrgBrandingView>('GET', orgRoutes.branding).then(applyBranding, () => undefined);
}

/** The header's mark: a branded organization's logo and name; moot's until an organization sets a logo or colour. */
export function Brand() {
  const view = branding.value;
  if (!view || (view.logoUrl === null && view.color === null)) return <>moot</>;
  return (
    <>
      {view.logoUrl && <img src={base + view.logoUrl} alt="" style={{ height: "1.5em", verticalAlign: "middle", marginInlineEnd: "0.4em" }} />}
      {view.name}
    </>
  );
}
