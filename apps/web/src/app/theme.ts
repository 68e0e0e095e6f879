import { createTheme, Notification, type MantineColorsTuple } from '@mantine/core';

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

export const theme = createTheme({
  colors: { brand },
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  components: {
    // Toasts' close buttons have only an icon: give them a name for screen readers.
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } }),
  },
});
