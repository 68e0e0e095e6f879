import {
  createTheme,
  darken,
  defaultVariantColorsResolver,
  Notification,
  Popover,
  parseThemeColor,
  type MantineColorsTuple,
  type VariantColorsResolver,
} from '@mantine/core';

// A teal deep enough that white on filled buttons and teal text on its light tint both pass WCAG AA (4.5:1);
// Mantine's own teal at the default shade does not.
const brand: MantineColorsTuple = [
  '#e6fcf5',
  '#c3fae8',
  '#96f2d7',
  '#63e6be',
  '#38d9a9',
  '#12b886',
  '#0c8a66',
  '#0a7355',
  '#086149',
  '#054d3a',
];

/**
 * Hover colours are also the pressed ones (a mouse press happens under the pointer; on touch, Mantine shows them
 * on :active), so they must keep AA contrast. Mantine's fall short in two places of this light-scheme app:
 * a filled shade-9 button hovers to the lighter shade 8 (white on red.8 is 4.51:1, red.9 itself 5.46:1), and
 * light/subtle buttons keep their shade-9 text on the darker shade-2 tint (red.9 on red.2 is 3.76:1).
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return colors;
  if (input.variant === 'filled' && parsed.shade === 9) {
    // White on red.9 darkened by 10% (#b52626): 6.42:1.
    return { ...colors, hover: darken(parsed.value, 0.1) };
  }
  if (input.variant === 'light' || input.variant === 'subtle') {
    // red.9 darkened by 20% (#a12222) on red.2: 5.22:1; brand's shade 9 on its shade 2 passes already (7.5:1).
    return { ...colors, hoverColor: darken(input.theme.colors[parsed.color][9], 0.2) };
  }
  return colors;
};

export const theme = createTheme({
  colors: { brand },
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  variantColorResolver,
  // No fades or slides for people who ask their system for less motion (the browser tests ask too, so axe
  // and the assertions never catch a modal or a toast half-way in).
  respectReducedMotion: true,
  components: {
    // Toasts' close buttons have only an icon: give them a name for screen readers.
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } }),
    // Our popovers are small dialogs that hold the keyboard (trapFocus). Mantine hides a popover whose button has
    // scrolled out of view, which left the focus inside an invisible dialog with no way to see its Done button.
    Popover: Popover.extend({ defaultProps: { hideDetached: false } }),
  },
});
